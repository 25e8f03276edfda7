import Foundation
import ImportRules
import Testing

private let now = Date(timeIntervalSince1970: 1_800_000_000)

@Suite("Undo of an import: what happens to each contact, and when an undo may start")
struct UndoRulesTests {
    @Test(
        "a contact is deleted or restored only while its version is the one the import left",
        arguments: [
            (true, Int64?.some(1), UndoAction.deleted),
            (true, 2, .keptChanged),
            (true, nil, .keptDeleted),
            (false, 1, .restored),
            (false, 5, .keptChanged),
            // A version lower than the import's cannot happen, but it is not the import's either.
            (false, 0, .keptChanged),
            (false, nil, .keptDeleted),
        ])
    func action(added: Bool, current: Int64?, expected: UndoAction) {
        #expect(UndoAction.decide(added: added, versionAfterImport: 1, currentVersion: current) == expected)
    }

    @Test("the undo file's actions are the page's words")
    func labels() {
        #expect(
            UndoAction.allCases.map(\.label) == [
                "Deleted", "Restored", "Kept: changed after the import", "Kept: already deleted",
            ])
    }

    @Test("the summary counts each action, kept being both kinds")
    func summary() {
        var summary = UndoSummary()
        for action in [UndoAction.deleted, .deleted, .restored, .keptChanged, .keptDeleted, .keptDeleted] {
            summary.add(action)
        }
        #expect(summary == UndoSummary(deleted: 2, restored: 1, keptChanged: 1, keptDeleted: 2))
        #expect(summary.kept == 3)
        #expect(summary.total == 6)
        var sum = UndoSummary(deleted: 1)
        sum.add(summary)
        #expect(sum.deleted == 3 && sum.total == 7)
    }

    @Test(
        "only a completed import can be undone, while its results are kept and the job slot is free",
        arguments: [
            (ImportState.completed, 60.0, true, false, ImportError.Code?.none),
            (.completed, 60, true, true, .importInProgress),
            (.completed, 0, true, false, .resultsExpired),
            (.completed, -1, true, true, .resultsExpired),
            (.completed, 60, false, false, .notCompleted),
            (.expired, 60, true, false, .resultsExpired),
            (.undoing, 60, true, true, .importInProgress),
            (.processing, 60, true, true, .importInProgress),
            (.undone, 60, true, false, .notCompleted),
            (.draft, 60, true, false, .notCompleted),
            (.review, 60, true, false, .notCompleted),
            (.failed, 60, true, false, .notCompleted),
            (.canceled, 60, true, false, .notCompleted),
        ])
    func start(
        state: ImportState, keptFor seconds: Double, recorded: Bool, slotTaken: Bool, expected: ImportError.Code?
    ) {
        #expect(
            refusal {
                try ImportLifecycle.undo(
                    ImportLifecycle.Status(state), resultsAvailableUntil: now.addingTimeInterval(seconds), now: now,
                    recorded: recorded, jobSlotTaken: slotTaken)
            } == expected)
    }

    @Test("an undo batch applies only while undoing and from its checkpoint; only an undo ends as undone")
    func batches() {
        #expect(
            refusal { try ImportLifecycle.applyUndoBatch(state: .undoing, afterRow: 5, expectedAfterRow: 5) } == nil)
        #expect(
            refusal { try ImportLifecycle.applyUndoBatch(state: .undoing, afterRow: 9, expectedAfterRow: 5) }
                == .wrongState)
        #expect(
            refusal { try ImportLifecycle.applyUndoBatch(state: .undone, afterRow: 5, expectedAfterRow: 5) }
                == .wrongState)
        #expect(refusal { try ImportLifecycle.finishUndo(state: .undoing) } == nil)
        #expect(refusal { try ImportLifecycle.finishUndo(state: .undone) } == .wrongState)
        #expect(ImportState.undoing.holdsJobSlot && ImportState.processing.holdsJobSlot)
        #expect(!ImportState.undone.holdsJobSlot && !ImportState.completed.holdsJobSlot)
    }
}
