import ContactModel

extension ImportPlan {
    /// The message for a row that would add a contact without a First Name (SPEC §5.4).
    public static let firstNameRequired = "First Name is required to add a new contact"

    /// Decides a parsed row's outcome (SPEC §5).
    ///
    /// - Parameters:
    ///   - duplicates: the first pass's result over the whole file.
    ///   - existing: the store's contacts per identifier value of the batch; a key that is absent
    ///     matched no contact. An update's `overwrites` are read from these contacts' values.
    ///   - computeWrite: `false` leaves `write` out, for the review, which needs only statuses, errors and
    ///     overwrites.
    public func decide(
        _ row: ParsedRow, duplicates: DuplicateIdentifiers, existing: [IdentifierKey: [Contact]],
        computeWrite: Bool = true
    ) -> RowOutcome {
        var outcome = decideStatus(row, duplicates: duplicates, existing: existing, computeWrite: computeWrite)
        outcome.phoneNormalized = row.phoneNormalized
        return outcome
    }

    private func decideStatus(
        _ row: ParsedRow, duplicates: DuplicateIdentifiers, existing: [IdentifierKey: [Contact]], computeWrite: Bool
    ) -> RowOutcome {
        var errors = row.errors
        // The one matching contact, kept in its array to spare a copy.
        var target: [Contact]?
        if configuration.purpose.matchesExisting, let key = row.identifier {
            if let group = duplicates.group(for: key) {
                errors.append(RowError(.duplicateInFile, group.message))
            } else if let matches = existing[key], !matches.isEmpty {
                if matches.count > 1 {
                    let noun = configuration.identifier?.noun ?? "identifier"
                    errors.append(
                        RowError(.sharedInWorkspace, "\(matches.count) contacts in the workspace share this \(noun)"))
                } else {
                    target = matches
                }
            }
        }

        let purpose = configuration.purpose
        if let target {
            guard errors.isEmpty else { return RowOutcome(rowNumber: row.number, status: .error, errors: errors) }
            guard purpose.canUpdate else { return RowOutcome(rowNumber: row.number, status: .skipped) }
            let changes = changes(row, updating: target)
            var outcome = RowOutcome(
                rowNumber: row.number, status: .updated,
                write: computeWrite ? .update(contactId: target[0].id, changes) : nil)
            if !changes.isEmpty { outcome.overwrites = RowOutcome.Overwrites(changes, on: target[0]) }
            return outcome
        }
        // No match, an empty identifier, or a row in error: treated as new.
        guard purpose.canAdd else {
            return errors.isEmpty
                ? RowOutcome(rowNumber: row.number, status: .skipped)
                : RowOutcome(rowNumber: row.number, status: .error, errors: errors)
        }
        let firstName = firstNamePosition.flatMap { row.values[$0]?.stringValue }
        if firstName == nil, firstNamePosition.map({ !row.broken.contains($0) }) ?? true {
            errors.append(
                RowError(
                    .firstNameRequired, Self.firstNameRequired, column: firstNamePosition.map { columns[$0].index },
                    field: firstNamePosition.map { _ in .standard(.firstName) }))
        }
        guard errors.isEmpty, let firstName else {
            return RowOutcome(rowNumber: row.number, status: .error, errors: errors)
        }
        return RowOutcome(
            rowNumber: row.number, status: .imported,
            write: computeWrite ? .add(newContact(row, firstName: firstName)) : nil)
    }

    /// Parses and decides a batch of rows.
    ///
    /// `existing` must hold the store's answer for `lookupKeys` of the same rows.
    public func decide(
        _ rows: [ImportRow], duplicates: DuplicateIdentifiers, existing: [IdentifierKey: [Contact]],
        computeWrite: Bool = true
    ) -> [RowOutcome] {
        rows.map { decide(parse($0), duplicates: duplicates, existing: existing, computeWrite: computeWrite) }
    }

    private func newContact(_ row: ParsedRow, firstName: String) -> NewContact {
        var contact = NewContact(firstName: firstName)
        if customColumnCount > 0 { contact.custom = Dictionary(minimumCapacity: customColumnCount) }
        for position in columns.indices {
            guard let value = row.values[position] else { continue }
            let slot = columns[position].slot
            if slot == .custom {
                contact.custom[columns[position].fieldId] = value
                continue
            }
            switch value {
            case .string(let text):
                switch slot {
                case .lastName: contact.lastName = text
                case .phone: contact.phone = text
                case .email: contact.email = text
                case .language: contact.language = text
                case .country: contact.country = text
                case .firstName, .tags, .contactId, .custom: break
                }
            case .tags(let tags):
                contact.tags = tags
            case .number, .bool, .contactId:
                break
            }
        }
        contact.tags = Tags.union(contact.tags, importTags)
        return contact
    }

    /// SPEC §5.5: default overwrite (empty clears, except First Name), Do Not Overwrite (only into empty
    /// fields), Tags column replace or add, then the import's tags.
    private func changes(_ row: ParsedRow, updating target: [Contact]) -> ContactChanges {
        var changes = ContactChanges()
        for (position, column) in columns.enumerated() {
            switch column.field {
            case .standard(.tags), .standard(.contactId):
                continue
            default:
                break
            }
            let new = row.values[position]
            let old = target[0].value(for: column.field)
            if column.doNotOverwrite {
                if old == nil, let new { changes.fields.append(FieldChange(field: column.field, value: new)) }
            } else if let new {
                if new != old { changes.fields.append(FieldChange(field: column.field, value: new)) }
            } else if old != nil, column.field != .standard(.firstName) {
                changes.fields.append(FieldChange(field: column.field, value: nil))
            }
        }
        var tags = target[0].tags
        if let tagsPosition {
            let cellTags = row.values[tagsPosition]?.tagsValue ?? []
            tags = columns[tagsPosition].doNotOverwrite ? Tags.union(tags, cellTags) : cellTags
        }
        tags = Tags.union(tags, importTags)
        if tags != target[0].tags { changes.tags = tags }
        return changes
    }
}
