import Foundation
import ImportRules
import Testing

private let now = Date(timeIntervalSince1970: 1_800_000_000)

private func status(_ state: ImportState, _ reason: CancelReason? = nil, expiresIn seconds: Double? = nil)
    -> ImportLifecycle.Status
{
    ImportLifecycle.Status(state, canceledReason: reason, reviewExpiresAt: seconds.map { now.addingTimeInterval($0) })
}

/// The refusal's code, or nil when the step is allowed (the lifecycle and undo rules tests).
func refusal(_ step: () throws -> Void) -> ImportError.Code? {
    do {
        try step()
        return nil
    } catch let error as ImportError {
        return error.code
    } catch {
        Issue.record("not an ImportError: \(error)")
        return nil
    }
}

@Suite("Import lifecycle: which step each state allows")
struct LifecycleTests {
    @Test("an upload is refused only while the workspace's one job slot is taken")
    func upload() {
        #expect(refusal { try ImportLifecycle.upload(jobSlotTaken: false) } == nil)
        #expect(refusal { try ImportLifecycle.upload(jobSlotTaken: true) } == .importInProgress)
    }

    @Test(
        "configuration and review are allowed before the start only",
        arguments: [
            (ImportState.draft, CancelReason?.none, ImportError.Code?.none),
            (.review, nil, nil),
            (.processing, nil, .wrongState),
            (.completed, nil, .wrongState),
            (.failed, nil, .wrongState),
            (.expired, nil, .wrongState),
            (.canceled, .user, .wrongState),
            (.canceled, .sessionExpired, .sessionExpired),
        ])
    func editAndReview(state: ImportState, reason: CancelReason?, expected: ImportError.Code?) {
        #expect(refusal { try ImportLifecycle.edit(status(state, reason)) } == expected)
        #expect(refusal { try ImportLifecycle.review(status(state, reason)) } == expected)
    }

    @Test("a review within its time starts; one past it expires; a draft must be reviewed first")
    func start() throws {
        #expect(try ImportLifecycle.start(status(.review, expiresIn: 60), now: now, jobSlotTaken: false) == .start)
        #expect(try ImportLifecycle.start(status(.review, expiresIn: 0), now: now, jobSlotTaken: false) == .expire)
        // An expired review expires even while another job runs: the session is over either way.
        #expect(try ImportLifecycle.start(status(.review, expiresIn: -1), now: now, jobSlotTaken: true) == .expire)
        #expect(
            refusal { _ = try ImportLifecycle.start(status(.review, expiresIn: 60), now: now, jobSlotTaken: true) }
                == .importInProgress)
        #expect(
            refusal { _ = try ImportLifecycle.start(status(.draft), now: now, jobSlotTaken: false) } == .notReviewed)
        #expect(
            refusal { _ = try ImportLifecycle.start(status(.processing), now: now, jobSlotTaken: true) }
                == .importInProgress)
        #expect(
            refusal { _ = try ImportLifecycle.start(status(.canceled, .sessionExpired), now: now, jobSlotTaken: false) }
                == .sessionExpired)
        for state in [ImportState.completed, .expired] {
            #expect(
                refusal { _ = try ImportLifecycle.start(status(state), now: now, jobSlotTaken: false) } == .wrongState)
        }
        #expect(
            refusal { _ = try ImportLifecycle.start(status(.canceled, .user), now: now, jobSlotTaken: false) }
                == .wrongState)
    }

    @Test("a failed import starts again (resumes) while its file and checkpoint are kept and the job slot is free")
    func startAgain() throws {
        func failed(keptFor seconds: Double?) -> ImportLifecycle.Status {
            ImportLifecycle.Status(.failed, restartableUntil: seconds.map { now.addingTimeInterval($0) })
        }
        #expect(try ImportLifecycle.start(failed(keptFor: 60), now: now, jobSlotTaken: false) == .resume)
        #expect(
            refusal { _ = try ImportLifecycle.start(failed(keptFor: 60), now: now, jobSlotTaken: true) }
                == .importInProgress)
        // Kept no longer, or never (it failed before failed imports kept what starting again needs).
        for keptFor in [0, -1, nil] as [Double?] {
            #expect(
                refusal { _ = try ImportLifecycle.start(failed(keptFor: keptFor), now: now, jobSlotTaken: false) }
                    == .fileGone)
        }
        #expect(ImportError.cannotStartAgain.message.contains("can no longer be started again"))
    }

    @Test("a failed job says what stopped it, the rows committed and what to do")
    func failureSentences() {
        #expect(
            JobFailure.storageFull(done: 4_000, total: 10_000)
                == "The disk holding the database is full, so the import stopped after row 4,000 of 10,000: rows "
                + "1–4,000 are imported and the rest are not. Free some space on that disk, then start the import "
                + "again: it carries on from row 4,001.")
        #expect(JobFailure.storageFull(done: 0, total: 10).contains("before any row was imported"))
        #expect(JobFailure.storageFull(done: 10, total: 10).contains("(rows 1–10 are imported) but before it could"))
        #expect(JobFailure.storageFull(done: 1, total: 10).contains("row 1 is imported"))
        #expect(
            JobFailure.serverError(done: 1_234_567, total: 2_000_000).contains(
                "after row 1,234,567 of 2,000,000: rows 1–1,234,567 are imported"))
        #expect(JobFailure.serverError(done: 5, total: 9).contains("Start the import again to carry on from row 6"))
    }

    @Test("each failure's sentences read whole at every stopping point: before any row, after the last, midway")
    func failureSentencesAtEveryStoppingPoint() {
        let full = "Free some space on that disk, then start the import again"
        #expect(
            JobFailure.storageFull(done: 0, total: 10)
                == "The disk holding the database is full, so the import stopped before any row was imported. \(full).")
        #expect(
            JobFailure.storageFull(done: 10, total: 10)
                == "The disk holding the database is full, so the import stopped after its last row (rows 1–10 are "
                + "imported) but before it could complete. \(full) to complete it.")
        let advice = "if it fails again, ask your administrator to look at the server's log."
        #expect(
            JobFailure.serverError(done: 0, total: 3)
                == "The import stopped because of a server error before any row was imported. Start the import "
                + "again; \(advice)")
        #expect(
            JobFailure.serverError(done: 1, total: 1)
                == "The import stopped because of a server error after its last row (row 1 is imported) but before "
                + "it could complete. Start the import again to complete it; \(advice)")
        #expect(
            JobFailure.serverError(done: 2, total: 3)
                == "The import stopped because of a server error after row 2 of 3: rows 1–2 are imported and the "
                + "rest are not. Start the import again to carry on from row 3; \(advice)")
    }

    @Test("only an import that has not started can be canceled")
    func cancel() {
        for state in ImportState.allCases {
            let expected: ImportError.Code? = state == .draft || state == .review ? nil : .wrongState
            #expect(refusal { try ImportLifecycle.cancel(status(state)) } == expected, "\(state)")
        }
    }

    @Test("a batch applies only while processing and only from its checkpoint; the job ends only while processing")
    func job() {
        #expect(refusal { try ImportLifecycle.applyBatch(state: .processing, progressDone: 10, doneBefore: 10) } == nil)
        #expect(
            refusal { try ImportLifecycle.applyBatch(state: .processing, progressDone: 20, doneBefore: 10) }
                == .wrongState)
        #expect(
            refusal { try ImportLifecycle.applyBatch(state: .failed, progressDone: 10, doneBefore: 10) } == .wrongState)
        for state in ImportState.allCases {
            #expect(
                refusal { try ImportLifecycle.finish(state: state) } == (state == .processing ? nil : .wrongState))
        }
    }

    @Test("each state that needs a sentence has one")
    func messages() {
        #expect(ImportLifecycle.message(status(.failed), failureMessage: "Disk full.") == "Disk full.")
        #expect(
            ImportLifecycle.message(status(.canceled, .sessionExpired), failureMessage: nil)?.hasPrefix(
                "Session expired") == true)
        #expect(ImportLifecycle.message(status(.canceled, .user), failureMessage: nil) == "The import was canceled.")
        #expect(ImportLifecycle.message(status(.processing), failureMessage: nil) == nil)
    }
}

@Suite("Import errors")
struct ImportErrorTests {
    @Test("retention is said from its value")
    func sentences() {
        #expect(ImportError.resultsExpired(retention: .seconds(604_800)).message.contains("kept for 7 days"))
        #expect(ImportError.resultsExpired(retention: .seconds(3_600)).message.contains("kept for 1 hour"))
        #expect(RetentionText.describe(.seconds(90)) == "90 seconds")
        #expect(RetentionText.describe(.seconds(120)) == "2 minutes")
    }

    @Test("a broken configuration rule becomes an invalid configuration naming the rule")
    func configurationRule() {
        let error = ImportError(ConfigurationError(.noColumnSelected, "Select at least one column to import."))
        #expect(error.code == .invalidConfiguration)
        #expect(error.problems == [.init(field: "noColumnSelected", message: "Select at least one column to import.")])
    }
}
