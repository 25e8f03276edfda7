import ContactModel

/// Headers that mean a standard field, from the exports people bring and in the languages they write (SPEC §9):
/// one line per alias, `field<TAB>header` as the export writes it. A header is compared squeezed (lower case, without
/// spaces, `-`, `_` and `.`), so `E-mail 1 - Value` and `email1value` are one alias. To teach the matcher a new
/// export or language, add lines here; `HeaderSynonymTests` checks every line names a field and no alias means two.
///
/// Sources: the header rows of Google Contacts, Outlook, HubSpot, Mailchimp, Shopify and Salesforce contact exports,
/// and everyday words for each field in Malay, Indonesian, Spanish, Portuguese, French, German and Simplified Chinese.
enum HeaderSynonyms {
    static let table = """
        firstName	First
        firstName	Firstname
        firstName	Given Name
        firstName	Forename
        firstName	FName
        firstName	Name
        firstName	Nama Pertama
        firstName	Nama Depan
        firstName	Nama
        firstName	Nombre
        firstName	Primeiro Nome
        firstName	Nome
        firstName	Prénom
        firstName	Prenom
        firstName	Vorname
        firstName	名
        firstName	名字
        lastName	Last
        lastName	Lastname
        lastName	Surname
        lastName	Family Name
        lastName	LName
        lastName	Nama Akhir
        lastName	Nama Keluarga
        lastName	Nama Belakang
        lastName	Apellido
        lastName	Apellidos
        lastName	Sobrenome
        lastName	Apelido
        lastName	Nom
        lastName	Nom de famille
        lastName	Nachname
        lastName	Familienname
        lastName	姓
        lastName	姓氏
        phone	Phone
        phone	Mobile
        phone	Mobile Number
        phone	Mobile Phone
        phone	Mobile Phone Number
        phone	Cell
        phone	Cell Phone
        phone	Tel
        phone	Telephone
        phone	Contact Number
        phone	WhatsApp
        phone	MSISDN
        phone	Phone 1 - Value
        phone	Business Phone
        phone	Home Phone
        phone	Primary Phone
        phone	No Telefon
        phone	Nombor Telefon
        phone	Telefon Bimbit
        phone	Nombor Telefon Bimbit
        phone	Nomor Telepon
        phone	Telepon
        phone	Nomor HP
        phone	HP
        phone	Ponsel
        phone	Teléfono
        phone	Telefono
        phone	Móvil
        phone	Movil
        phone	Celular
        phone	Telefone
        phone	Telemóvel
        phone	Téléphone
        phone	Portable
        phone	Telefon
        phone	Telefonnummer
        phone	Handy
        phone	Mobiltelefon
        phone	Handynummer
        phone	电话
        phone	电话号码
        phone	手机
        phone	手机号
        phone	手机号码
        email	Email
        email	E-mail
        email	Email Address
        email	E-mail Address
        email	Mail
        email	E-mail 1 - Value
        email	Emel
        email	Alamat Emel
        email	Surel
        email	Alamat Email
        email	Correo
        email	Correo Electrónico
        email	Correo Electronico
        email	Endereço de Email
        email	Courriel
        email	Adresse e-mail
        email	E-Mail-Adresse
        email	Emailadresse
        email	邮箱
        email	电子邮件
        email	电子邮箱
        email	邮件地址
        country	Country Code
        country	Nation
        country	Default Address Country Code
        country	MailingCountry
        country	Negara
        country	País
        country	Pais
        country	Pays
        country	Land
        country	国家
        country	国家代码
        language	Lang
        language	Language Code
        language	Locale
        language	Bahasa
        language	Idioma
        language	Langue
        language	Sprache
        language	语言
        tags	Tag
        tags	Labels
        tags	Label
        tags	Categories
        tags	Etiqueta
        tags	Etiquetas
        tags	Étiquettes
        tags	Etiquettes
        tags	Schlagwörter
        tags	Schlagworte
        tags	标签
        contactId	Contact ID
        contactId	ID
        """

    /// Each squeezed alias with its field; a line naming no field, or an alias claimed twice, is a programming error
    /// the tests catch (`lines` keeps every line for them).
    static let byAlias: [String: StandardField] = {
        var result: [String: StandardField] = [:]
        for line in lines {
            guard let field = line.field else { continue }
            result[line.alias] = result[line.alias] ?? field
        }
        return result
    }()

    struct Line {
        var fieldName: String
        var field: StandardField?
        var header: String
        var alias: String
    }

    static let lines: [Line] = table.split(separator: "\n").compactMap { line in
        let parts = line.split(separator: "\t", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let fieldName = String(parts[0])
        return Line(
            fieldName: fieldName, field: StandardField(rawValue: fieldName), header: String(parts[1]),
            alias: ColumnMatcher.squeeze(String(parts[1])))
    }
}
