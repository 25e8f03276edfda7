/// Tags: 1–255 characters, trimmed, case-sensitive, no commas (SPEC §1), one line without control characters
/// (`TextRules.characterViolation`); at most 100 on a contact as the API or a Tags cell sets them.
public enum Tags {
    public static let maxLength = 255
    /// The most tags a contact body or a Tags cell may give a contact. An import's own tags (its import tag and
    /// extra tags) are added on top without this cap (docs/DECISIONS.md).
    public static let maxPerContact = 100

    /// One tag: trimmed, 1–255 characters, no comma, one line without control characters, case-sensitive.
    /// Returns the trimmed tag.
    public static func validate(_ tag: String) -> Result<String, ValueRuleViolation> {
        let trimmed = TextRules.trimmed(tag)
        if trimmed.isEmpty { return .failure(Violations.tagEmpty) }
        if trimmed.utf8.contains(UInt8(ascii: ",")) { return .failure(Violations.tagComma) }
        if let violation = TextRules.characterViolation(in: trimmed, allowsLineBreaks: false) {
            return .failure(violation)
        }
        guard TextRules.fits(trimmed, maxCharacters: maxLength) else { return .failure(Violations.tagLength) }
        return .success(trimmed)
    }

    /// A CSV cell of comma-separated tags → ordered, de-duplicated tags (empty pieces ignored). Each tag is one
    /// line without control characters (line breaks around a comma are trimmed away), and a cell lists at most
    /// `maxPerContact` different tags.
    public static func parseCell(_ cell: String) -> Result<[String], ValueRuleViolation> {
        var tags: [String] = []
        var rest = Substring(cell)
        while true {
            let comma = rest.utf8.firstIndex(of: UInt8(ascii: ","))
            let piece = comma.map { rest[..<$0] } ?? rest
            let tag = TextRules.trimmed(String(piece))
            if !tag.isEmpty {
                if let byte = TextRules.firstRefusedByte(in: tag, allowsLineBreaks: false) {
                    return .failure(
                        byte == 0x0A || byte == 0x0D ? Violations.tagLineBreak : Violations.controlCharacter(byte))
                }
                if !TextRules.fits(tag, maxCharacters: maxLength) { return .failure(Violations.tagTooLong) }
                if !tags.contains(tag) {
                    if tags.count == maxPerContact { return .failure(Violations.tooManyTags) }
                    tags.append(tag)
                }
            }
            guard let comma else { break }
            rest = rest[rest.utf8.index(after: comma)...]
        }
        return .success(tags)
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
