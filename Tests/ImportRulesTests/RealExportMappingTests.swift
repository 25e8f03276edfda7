import ContactModel
import Foundation
import Testing

@testable import ImportRules

/// SPEC §9: the header rows of the exports people bring, known aliases in seven languages, suggestions from values,
/// and empty columns.
@Suite("Mapping real files (SPEC §9)")
struct RealExportMappingTests {
    /// The fields mapped or suggested, by header.
    static func outcome(_ headers: [String], profiles: [ColumnProfile]? = nil, customFields: [CustomField] = [])
        -> [String: String]
    {
        var result: [String: String] = [:]
        for match in ColumnMatcher.match(headers: headers, customFields: customFields, profiles: profiles) {
            if let field = match.field { result[headers[match.column]] = "=" + field.key }
            if let suggestion = match.suggestion {
                result[headers[match.column]] = "?" + suggestion.key + "/" + (match.suggestionReason?.rawValue ?? "")
            }
        }
        return result
    }

    static func headers(_ line: String, separator: Character = ",") -> [String] {
        line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    @Test("a Google Contacts export: names by name, email, phone and labels by alias")
    func googleContacts() {
        let header = Self.headers(
            "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted"
        )
        #expect(
            Self.outcome(header) == [
                "First Name": "=firstName", "Last Name": "=lastName", "E-mail 1 - Value": "?email/synonym",
                "Phone 1 - Value": "?phone/synonym", "Labels": "?tags/synonym",
            ])
    }

    @Test("an Outlook export: email, the first phone and categories by alias")
    func outlook() {
        let header = Self.headers(
            "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,Business Fax,Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,IMAddress,Job Title,Department,Company,Office Location,Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,Business Street,Business City,Business State,Business Postal Code,Business Country/Region,Home Street,Home City,Home State,Home Postal Code,Home Country/Region,Other Street,Other City,Other State,Other Postal Code,Other Country/Region,Personal Web Page,Spouse,Schools,Hobby,Location,Web Page,Birthday,Anniversary,Notes,Categories"
        )
        let outcome = Self.outcome(header)
        #expect(outcome["First Name"] == "=firstName")
        #expect(outcome["Last Name"] == "=lastName")
        #expect(outcome["E-mail Address"] == "?email/synonym")
        #expect(outcome["Home Phone"] == "?phone/synonym")  // the first phone column; one column per field
        #expect(outcome["Mobile Phone"] == nil)
        #expect(outcome["Categories"] == "?tags/synonym")
        #expect(outcome.count == 5)
    }

    @Test("HubSpot, Mailchimp, Shopify and Salesforce exports")
    func otherExports() {
        let hubspot = Self.outcome(
            Self.headers("Record ID,First Name,Last Name,Email,Mobile Phone Number,Lifecycle Stage,Contact owner"))
        #expect(hubspot["Mobile Phone Number"] == "?phone/synonym")
        #expect(hubspot["Email"] == "=email")
        let mailchimp = Self.outcome(
            Self.headers("Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,TAGS"))
        #expect(mailchimp["Email Address"] == "?email/synonym")
        #expect(mailchimp["Phone Number"] == "=phone")
        #expect(mailchimp["TAGS"] == "=tags")
        let shopify = Self.outcome(
            Self.headers(
                "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags"
            ))
        #expect(shopify["Phone"] == "?phone/synonym")
        #expect(shopify["Tags"] == "=tags")
        #expect(shopify["Default Address Country Code"] == "?country/synonym")
        let salesforce = Self.outcome(
            Self.headers("Id,FirstName,LastName,Email,Phone,MobilePhone,Mobile,MailingCountry,Title"))
        #expect(salesforce["FirstName"] == "?firstName/synonym")
        #expect(salesforce["LastName"] == "?lastName/synonym")
        #expect(salesforce["Phone"] == "?phone/synonym")
        #expect(salesforce["MailingCountry"] == "?country/synonym")
        #expect(salesforce["Id"] == "?contactId/synonym")
    }

    @Test(
        "the words for each field in seven languages",
        arguments: [
            ("Nama Pertama;Nama Akhir;Nombor Telefon;Emel;Negara;Bahasa;Tag", "Malay"),
            ("Nama Depan;Nama Belakang;Nomor Telepon;Surel;Negara;Bahasa;Label", "Indonesian"),
            ("Nombre;Apellidos;Teléfono;Correo Electrónico;País;Idioma;Etiquetas", "Spanish"),
            ("Primeiro Nome;Sobrenome;Telefone;Endereço de Email;País;Idioma;Etiquetas", "Portuguese"),
            ("Prénom;Nom;Téléphone;Courriel;Pays;Langue;Étiquettes", "French"),
            ("Vorname;Nachname;Telefon;E-Mail;Land;Sprache;Schlagwörter", "German"),
            ("名;姓;手机;电子邮件;国家;语言;标签", "Simplified Chinese"),
        ])
    func languages(header: String, language: String) {
        let outcome = ColumnMatcher.match(headers: Self.headers(header, separator: ";"), customFields: [])
        #expect(
            outcome.map { $0.suggestion?.key } == [
                "firstName", "lastName", "phone", "email", "country", "language", "tags",
            ], "\(language)")
        #expect(outcome.allSatisfy { $0.suggestionReason == .synonym })
    }

    @Test("every line of the alias table names a field, and no alias means two fields")
    func aliasTable() {
        var seen: [String: String] = [:]
        for line in HeaderSynonyms.lines {
            #expect(line.field != nil, "“\(line.fieldName)” is not a field (\(line.header))")
            #expect(!line.alias.isEmpty)
            if let earlier = seen[line.alias] {
                #expect(earlier == line.fieldName, "“\(line.header)” means \(earlier) and \(line.fieldName)")
            }
            seen[line.alias] = line.fieldName
        }
        #expect(HeaderSynonyms.lines.count >= 120)
    }

    static func profile(_ values: [String]) -> ColumnProfile {
        ColumnProfile(hasValue: !values.isEmpty, values: values)
    }

    @Test("a column whose values are at least 95% emails, phones, countries or languages is suggested for that field")
    func fromValues() {
        let emails = (1...95).map { "person\($0)@example.com" } + (1...5).map { "not an email \($0)" }
        let fewerEmails = (1...94).map { "person\($0)@example.com" } + (1...6).map { "no \($0)" }
        let phones = ["+60123456789", "0060123456789", "0123456789", "+65 9123 4567"]
        let shortPhones = ["12345", "123456"]
        let matches = ColumnMatcher.match(
            headers: ["Kontakt", "Other", "Number", "Short", "Where", "Speaks"], customFields: [],
            profiles: [
                Self.profile(emails), Self.profile(fewerEmails), Self.profile(phones), Self.profile(shortPhones),
                Self.profile(["MY", "sg", "ID"]), Self.profile(["en", "ms", "zh"]),
            ])
        #expect(matches.map { $0.suggestion?.key } == ["email", nil, "phone", nil, "country", "language"])
        #expect(matches.compactMap(\.suggestionReason).allSatisfy { $0 == .values })
    }

    @Test("values never suggest a field already mapped or suggested, nor for a second column")
    func valuesOncePerField() {
        let emails = Self.profile(["a@example.com", "b@example.com"])
        let matches = ColumnMatcher.match(
            headers: ["Work", "Home", "Email", "Backup"], customFields: [],
            profiles: [emails, emails, emails, emails])
        #expect(matches.map { $0.field?.key } == [nil, nil, "email", nil])
        #expect(matches.map { $0.suggestion?.key } == [nil, nil, nil, nil])
        let unnamed = ColumnMatcher.match(headers: ["Work", "Home"], customFields: [], profiles: [emails, emails])
        #expect(unnamed.map { $0.suggestion?.key } == ["email", nil])
    }

    @Test("precedence: the field's name, then an alias, then values; a name match wins a later alias")
    func precedence() {
        let phones = Self.profile(["+60123456789"])
        let matches = ColumnMatcher.match(
            headers: ["Mobile", "Phone Number", "Digits"], customFields: [],
            profiles: [phones, phones, phones])
        #expect(matches[1].field == .standard(.phone))
        #expect(matches[0].suggestion == nil)
        #expect(matches[2].suggestion == nil)
    }

    @Test("columns without a value anywhere are neither mapped nor suggested, even when their header fits")
    func emptyColumns() {
        let matches = ColumnMatcher.match(
            headers: ["First Name", "Email", "E-mail", "Notes"], customFields: [],
            profiles: [
                Self.profile([]), Self.profile([]), Self.profile(["a@example.com"]), Self.profile([]),
            ])
        #expect(matches.map(\.empty) == [true, true, false, true])
        #expect(matches.map { $0.field?.key } == [nil, nil, nil, nil])
        #expect(matches.map { $0.suggestion?.key } == [nil, nil, "email", nil])
    }
}
