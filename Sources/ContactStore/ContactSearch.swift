/// The contacts list's search (both engines).
///
/// A search finds its text anywhere in "first last", the phone or the email, ignoring ASCII case only ("e" finds "E"
/// but not "É"): SQLite's `LIKE`, and on PostgreSQL the regular expression `asciiCaseRegex` (as fast as `ILIKE`,
/// which would fold every letter), newest first. The
/// one exception is a phone number: a text of "+" and at least four digits ("+6598568") finds the contacts whose
/// phone starts with it, from the phone index. Found anywhere, such a text meant a scan of every contact (about a
/// second on 1,000,000; a search by name stops as soon as a page is full, since names are common), and outside a
/// phone it could only match a plus-addressed email with digits ("bob+6598568@…"), which a person searching for a
/// phone number is not after. Keeping that match exactly cost every import write 10% (a partial index over contacts
/// with such a "+", measured in docs/PERFORMANCE.md).
public enum ContactSearch {
    /// For a search of "+" and at least four digits, the phones that start with it: `lowerBound <= phone <
    /// upperBound` in byte order. Nil for any other text (searched anywhere).
    public static func phonePrefixRange(_ search: String) -> Range<String>? {
        let digits = search.utf8.dropFirst()
        guard search.utf8.first == UInt8(ascii: "+"), digits.count >= 4,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        // The last digit plus one ("9" becomes ":"), so the range holds exactly the phones with this prefix.
        var upper = Array(search.utf8)
        upper[upper.count - 1] += 1
        return search..<String(decoding: upper, as: UTF8.self)
    }

    /// A PostgreSQL regular expression that finds `text` anywhere, ignoring ASCII case only: each ASCII letter
    /// becomes `[aA]`, the expression's own special characters are escaped, everything else stands for itself.
    public static func asciiCaseRegex(_ text: String) -> String {
        var expression = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic {
                expression += "[\(String(scalar).lowercased())\(String(scalar).uppercased())]"
            } else {
                if "\\.^$|?*+()[]{}".unicodeScalars.contains(scalar) { expression += "\\" }
                expression.unicodeScalars.append(scalar)
            }
        }
        return expression
    }
}
