import ContactImportApp
import ContactStore
import Foundation

/// Export and Merge Suggestions on the benchmark's workspace after the import (SPEC §14): the export of every
/// contact written to /dev/null with the process's resident memory before it and its peak during it, and Merge
/// Suggestions' first page and whole walk by phone and by email.
enum ContactsToolsBenchmark {
    struct Figures: CustomStringConvertible {
        var exportSeconds: Double
        var exportContacts: Int
        var exportBytes: Int
        var residentBefore: Int
        var exportPeak: Int
        var firstPage: [DuplicateKey: Double] = [:]
        var walk: [DuplicateKey: (seconds: Double, pages: Int, groups: Int, slowestPage: Double)] = [:]

        var description: String {
            let mb = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
            var lines = [
                "export of \(exportContacts) contacts:        \(String(format: "%.2f", exportSeconds)) s, \(exportBytes / 1_048_576) MB of CSV; resident \(mb(residentBefore)) before, peak \(mb(exportPeak)) during"
            ]
            for key in DuplicateKey.allCases {
                guard let first = firstPage[key], let walk = walk[key] else { continue }
                lines.append(
                    "merge suggestions by \(key.rawValue): first page \(String(format: "%.1f", first * 1000)) ms; "
                        + "all \(walk.pages) pages \(String(format: "%.2f", walk.seconds)) s (slowest \(String(format: "%.1f", walk.slowestPage * 1000)) ms), \(walk.groups) groups"
                )
            }
            return lines.joined(separator: "\n")
        }
    }

    static func run(_ store: any DataStore, workspaceId: Int64) async throws -> Figures {
        let residentBefore = resident()
        ImportBenchmark.resetPeakResident()
        let sink = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
        defer { try? sink.close() }
        var bytes = 0
        let start = ContinuousClock.now
        let contacts = try await ContactExport(store: store).write(workspaceId: workspaceId, search: nil, tag: nil) {
            chunk in
            bytes += chunk.count
            try sink.write(contentsOf: chunk)
        }
        var figures = Figures(
            exportSeconds: (ContinuousClock.now - start).seconds, exportContacts: contacts, exportBytes: bytes,
            residentBefore: residentBefore, exportPeak: ImportBenchmark.peakResident())
        for key in DuplicateKey.allCases {
            var cursor: String?
            var pages = 0
            var groups = 0
            var slowest = 0.0
            let walkStart = ContinuousClock.now
            repeat {
                let pageStart = ContinuousClock.now
                let page = try await store.duplicateGroups(workspaceId: workspaceId, by: key, cursor: cursor, limit: 20)
                let seconds = (ContinuousClock.now - pageStart).seconds
                if pages == 0 { figures.firstPage[key] = seconds }
                slowest = max(slowest, seconds)
                pages += 1
                groups += page.groups.count
                cursor = page.nextCursor
            } while cursor != nil
            figures.walk[key] = ((ContinuousClock.now - walkStart).seconds, pages, groups, slowest)
        }
        return figures
    }

    /// VmRSS: the process's resident memory now, in bytes.
    static func resident() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
        }
        return 0
    }
}
