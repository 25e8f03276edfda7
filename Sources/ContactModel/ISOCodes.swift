/// The code lists behind the Language and Country rules, as bit sets over the 26 × 26 two-letter codes.
public enum ISOCodes {
    /// Every ISO 639-1 language code, lower case (184 codes, including `bh`, withdrawn in 2021 but still in use).
    public static let languageCodes: [String] = words(
        """
        aa ab ae af ak am an ar as av ay az
        ba be bg bh bi bm bn bo br bs
        ca ce ch co cr cs cu cv cy
        da de dv dz
        ee el en eo es et eu
        fa ff fi fj fo fr fy
        ga gd gl gn gu gv
        ha he hi ho hr ht hu hy hz
        ia id ie ig ii ik io is it iu
        ja jv
        ka kg ki kj kk kl km kn ko kr ks ku kv kw ky
        la lb lg li ln lo lt lu lv
        mg mh mi mk ml mn mr ms mt my
        na nb nd ne ng nl nn no nr nv ny
        oc oj om or os
        pa pi pl ps pt
        qu
        rm rn ro ru rw
        sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
        ta te tg th ti tk tl tn to tr ts tt tw ty
        ug uk ur uz
        ve vi vo
        wa wo
        xh
        yi yo
        za zh zu
        """)

    /// Every officially assigned ISO 3166-1 alpha-2 country code, upper case (249 codes).
    public static let countryCodes: [String] = words(
        """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
        BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
        DE DJ DK DM DO DZ
        EC EE EG EH ER ES ET
        FI FJ FK FM FO FR
        GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
        HK HM HN HR HT HU
        ID IE IL IM IN IO IQ IR IS IT
        JE JM JO JP
        KE KG KH KI KM KN KP KR KW KY KZ
        LA LB LC LI LK LR LS LT LU LV LY
        MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
        NA NC NE NF NG NI NL NO NP NR NU NZ
        OM
        PA PE PF PG PH PK PL PM PN PR PS PT PW PY
        QA
        RE RO RS RU RW
        SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
        TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
        UA UG UM US UY UZ
        VA VC VE VG VI VN VU
        WF WS
        YE YT
        ZA ZM ZW
        """)

    /// Whether `code` is an ISO 639-1 code, ignoring case.
    public static func isLanguage(_ code: String) -> Bool { languageSet.contains(code) }

    /// Whether `code` is an ISO 3166-1 alpha-2 code, ignoring case.
    public static func isCountry(_ code: String) -> Bool { countrySet.contains(code) }

    static let languageSet = TwoLetterSet(languageCodes)
    static let countrySet = TwoLetterSet(countryCodes)

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }
}

/// A set of two-letter codes, case-insensitive, looked up without allocating.
struct TwoLetterSet: Sendable {
    private var bits: [UInt64] = Array(repeating: 0, count: (26 * 26 + 63) / 64)

    init(_ codes: [String]) {
        for code in codes {
            if let slot = Self.slot(code) { bits[slot >> 6] |= 1 << UInt64(slot & 63) }
        }
    }

    func contains(_ code: String) -> Bool {
        guard let slot = Self.slot(code) else { return false }
        return bits[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    private static func slot(_ code: String) -> Int? {
        let bytes = code.utf8
        guard bytes.count == 2 else { return nil }
        let a = ASCII.lower(bytes[bytes.startIndex])
        let b = ASCII.lower(bytes[bytes.index(after: bytes.startIndex)])
        guard a &- 0x61 < 26, b &- 0x61 < 26 else { return nil }
        return Int(a &- 0x61) * 26 + Int(b &- 0x61)
    }
}
