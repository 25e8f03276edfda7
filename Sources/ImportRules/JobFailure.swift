import Foundation

/// Why an import's job ended as failed, said for a person: what stopped it, how far it got, and what to do next. A
/// failed import can be started again (`ImportLifecycle.start`), and carries on after the last row it committed.
public enum JobFailure {
    /// The disk holding the database is full: the batch being written was rolled back, the rows before it stay.
    public static func storageFull(done: Int, total: Int) -> String {
        let action = "Free some space on that disk, then start the import again"
        return stopped("The disk holding the database is full, so the import stopped", done: done, total: total) {
            switch $0 {
            case .beforeAnyRow: "\(action)."
            case .afterLastRow: "\(action) to complete it."
            case .resumesAt(let row): "\(action): it carries on from row \(number(row))."
            }
        }
    }

    /// Any other error of the server or its database.
    public static func serverError(done: Int, total: Int) -> String {
        let advice = "if it fails again, ask your administrator to look at the server's log"
        return stopped("The import stopped because of a server error", done: done, total: total) {
            switch $0 {
            case .beforeAnyRow: "Start the import again; \(advice)."
            case .afterLastRow: "Start the import again to complete it; \(advice)."
            case .resumesAt(let row): "Start the import again to carry on from row \(number(row)); \(advice)."
            }
        }
    }

    /// Where a stopped job got to, as its second sentence needs it.
    enum StoppingPoint {
        case beforeAnyRow
        /// Every row was committed, but not the completion.
        case afterLastRow
        /// Started again, the job carries on from this row.
        case resumesAt(Int)
    }

    /// "<cause> after row 4,000 of 10,000: rows 1–4,000 are imported and the rest are not. <what to do>": the
    /// first sentence says how far the job got, the second (`action`) what to do about it from there.
    static func stopped(
        _ cause: String, done: Int, total: Int, action: (StoppingPoint) -> String
    ) -> String {
        if done <= 0 { return "\(cause) before any row was imported. \(action(.beforeAnyRow))" }
        if done >= total {
            return "\(cause) after its last row (\(imported(total))) but before it could complete. "
                + action(.afterLastRow)
        }
        return "\(cause) after row \(number(done)) of \(number(total)): \(imported(done)) and the rest are not. "
            + action(.resumesAt(done + 1))
    }

    /// "rows 1–4,000 are imported", or "row 1 is imported".
    static func imported(_ last: Int) -> String {
        last == 1 ? "row 1 is imported" : "rows 1–\(number(last)) are imported"
    }

    /// 4000 → "4,000", as these sentences write row numbers.
    public static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
