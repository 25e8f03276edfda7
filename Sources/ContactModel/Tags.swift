/// Tags: 1–255 characters, trimmed, case-sensitive, no commas (SPEC §1).
public enum Tags {
    public static let maxLength = 255

    /// One tag: trimmed, 1–255 characters, no comma, case-sensitive. Returns the trimmed tag.
    public static func validate(_ tag: String) -> Result<String, ValueRuleViolation> {
        let trimmed = TextRules.trimmed(tag)
        if trimmed.isEmpty { return .failure(Violations.tagEmpty) }
        if trimmed.utf8.contains(UInt8(ascii: ",")) { return .failure(Violations.tagComma) }
        guard TextRules.fits(trimmed, maxCharacters: maxLength) else { return .failure(Violations.tagLength) }
        return .success(trimmed)
    }

    /// A CSV cell of comma-separated tags → ordered, de-duplicated tags (empty pieces ignored).
    public static func parseCell(_ cell: String) -> Result<[String], ValueRuleViolation> {
        var tags: [String] = []
        var failed = false
        var rest = Substring(cell)
        while true {
            let comma = rest.utf8.firstIndex(of: UInt8(ascii: ","))
            let piece = comma.map { rest[..<$0] } ?? rest
            let tag = TextRules.trimmed(String(piece))
            if !tag.isEmpty {
                if !TextRules.fits(tag, maxCharacters: maxLength) {
                    failed = true
                    break
                }
                if !tags.contains(tag) { tags.append(tag) }
            }
            guard let comma else { break }
            rest = rest[rest.utf8.index(after: comma)...]
        }
        return failed ? .failure(Violations.tagTooLong) : .success(tags)
    }

    /// `existing` followed by those of `added` it does not hold yet, in order.
    public static func union(_ existing: [String], _ added: [String]) -> [String] {
        if added.isEmpty { return existing }
        var result = existing
        if existing.count + added.count <= 16 {
            for tag in added where !result.contains(tag) { result.append(tag) }
        } else {
            var seen = Set(existing)
            for tag in added where seen.insert(tag).inserted { result.append(tag) }
        }
        return result
    }
}
