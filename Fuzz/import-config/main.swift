// libFuzzer target for the import configuration decoder: the JSON body of `PUT …/imports/{id}/config`.
// Built by scripts/fuzz-config with -sanitize=fuzzer,address against the real ContactModel and ImportRules modules
// (compiled as modules of their own, as the product builds them).
//
// For every input that is JSON: reading the configuration either succeeds or throws an ImportError that is a
// malformed body (not an object) or an invalid configuration naming the key in one problem; a configuration read
// either passes the rules of SPEC §3–§4 or fails with a named rule; one that passes builds an ImportPlan without
// error, and survives the stored round trip (encoded, decoded back equal). Any broken expectation traps.
import ContactModel
import Foundation
import ImportRules

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImportConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let body = try? JSONDecoder().decode(JSONValue.self, from: bytes) else { return 0 }
    check(body)
    return 0
}

func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz expectation failed: \(message())") }
}

/// Custom fields of every type, so that `custom.<id>` mappings are reachable.
let customFields: [CustomField] = [
    CustomField(fieldId: "plan", name: "Plan", type: .list, options: ["Free", "Pro"]),
    CustomField(fieldId: "note", name: "Note", type: .text),
    CustomField(fieldId: "optin", name: "Opt In", type: .checkbox),
    CustomField(fieldId: "ltv", name: "LTV", type: .number),
    CustomField(fieldId: "site", name: "Site", type: .url),
    CustomField(fieldId: "born", name: "Born", type: .date),
    CustomField(fieldId: "at", name: "At", type: .time),
    CustomField(fieldId: "work", name: "Work Email", type: .email),
]

func check(_ body: JSONValue) {
    let configuration: ImportConfiguration
    do {
        configuration = try ConfigurationRequest(json: body).resolved(currentTag: "import-2026-01-01-0000")
    } catch {
        expect(!error.message.isEmpty, "empty message")
        switch error.code {
        case .malformedConfiguration: expect(error.problems.isEmpty, "a malformed body names no key")
        // An invalid configuration names the broken key in one problem (an unknown key "" is named as it is: empty).
        case .invalidConfiguration: expect(error.problems.count == 1, "an invalid configuration without its key")
        default: expect(false, "unexpected code \(error.code)")
        }
        return
    }
    for columnCount in [1, 3, 12] {
        do {
            try configuration.validate(columnCount: columnCount, customFields: customFields)
        } catch {
            expect(!error.message.isEmpty, "empty rule message")
            continue
        }
        expect(
            configuration.mapping.allSatisfy { (0..<columnCount).contains($0.column) }, "a column out of range passed")
        do {
            _ = try ImportPlan(configuration: configuration, columnCount: columnCount, customFields: customFields)
        } catch {
            expect(false, "validated configuration refused by ImportPlan: \(error)")
        }
        do {
            let stored = try JSONEncoder().encode(ImportSetup.configured(configuration))
            let back = try JSONDecoder().decode(ImportSetup.self, from: stored)
            expect(back == .configured(configuration), "round trip changed the configuration")
        } catch {
            expect(false, "stored round trip failed: \(error)")
        }
    }
}
