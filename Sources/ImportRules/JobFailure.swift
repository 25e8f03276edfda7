import Foundation

/// Why an import's job ended as failed, said for a person: what stopped it, how far it got, and what to do next. A
/// failed import can be started again (`ImportLifecycle.start`), and carries on after the last row it committed.
public enum JobFailure {
    /// The disk holding the database is full: the batch being written was rolled back, the rows before it stay.
    public static func storageFull(done: Int, total: Int) -> String {
        let cause = "The disk holding the database is full, so the import stopped"
        let action = "Free some space on that disk, then start the import again"
        if done <= 0 { return "\(cause) before any row was imported. \(action)." }
        if done >= total {
            return "\(cause) after its last row (\(imported(total))) but before it could complete. "
                + "\(action) to complete it."
        }
        return "\(cause) after row \(number(done)) of \(number(total)): \(imported(done)) and the rest are not. "
            + "\(action): it carries on from row \(number(done + 1))."
    }

    /// Any other error of the server or its database.
    public static func serverError(done: Int, total: Int) -> String {
        let cause = "The import stopped because of a server error"
        let action = "if it fails again, ask your administrator to look at the server's log"
        if done <= 0 { return "\(cause) before any row was imported. Start the import again; \(action)." }
        if done >= total {
            return "\(cause) after its last row (\(imported(total))) but before it could complete. "
                + "Start the import again to complete it; \(action)."
        }
        return "\(cause) after row \(number(done)) of \(number(total)): \(imported(done)) and the rest are not. "
            + "Start the import again to carry on from row \(number(done + 1)); \(action)."
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
