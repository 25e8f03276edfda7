import ContactCSV
import ContactModel
import ContactStore

/// The contacts of a search and tag as CSV (SPEC §8 and §14), written a page at a time so that memory stays flat
/// however many contacts there are: the header `Contact ID, First Name, Last Name, Phone Number, Email, Language,
/// Country, Tags`, then each custom field by name, in the fields' order. Tags are joined with ", " as an import reads
/// them, so a file exported, edited and imported with Update Existing by Contact ID changes what was edited only.
///
/// Pages are read newest first through the contacts list (`listContacts`, its keyset cursor), each in a read of its
/// own: a contact added during an export may be left out, none is listed twice.
public struct ContactExport: Sendable {
    let store: any ContactRecordStore & ContactFieldStore

    public init(store: any ContactRecordStore & ContactFieldStore) { self.store = store }
    /// Contacts read and written per page.
    static let pageSize = 500

    /// The file's header for the workspace's custom fields.
    static func header(customFields: [CustomField]) -> [String] {
        [StandardField.contactId, .firstName, .lastName, .phone, .email, .language, .country, .tags].map(\.name)
            + customFields.map(\.name)
    }

    /// A contact's row, in the header's order.
    static func row(_ contact: Contact, customFields: [CustomField]) -> [String] {
        [
            String(contact.id), contact.firstName, contact.lastName ?? "", contact.phone ?? "", contact.email ?? "",
            contact.language ?? "", contact.country ?? "", contact.tags.joined(separator: ", "),
        ] + customFields.map { contact.custom[$0.fieldId]?.text ?? "" }
    }

    /// Writes the file through `emit`, one page of bytes at a time; returns how many contacts it wrote.
    @discardableResult
    public func write(
        workspaceId: Int64, search: String?, tag: String?, emit: ([UInt8]) async throws -> Void
    ) async throws -> Int {
        let fields = try await store.customFields(workspaceId: workspaceId)
        var writer = CSVWriter(header: Self.header(customFields: fields))
        try await emit(writer.takeBytes())
        var cursor: String?
        var written = 0
        repeat {
            let page = try await store.listContacts(
                workspaceId: workspaceId,
                query: ContactQuery(search: search, tag: tag, limit: Self.pageSize, cursor: cursor))
            for contact in page.contacts { writer.append(row: Self.row(contact, customFields: fields)) }
            written += page.contacts.count
            if !page.contacts.isEmpty { try await emit(writer.takeBytes()) }
            cursor = page.nextCursor
        } while cursor != nil
        return written
    }
}
