// libFuzzer target for the import configuration decoder: the JSON body of `PUT …/imports/{id}/config`.
// Built by scripts/fuzz-config with -sanitize=fuzzer,address from the real sources: ContactModel and ImportRules
// whole, `JSONValue` from HTTP/JSONBody.swift and `ImportPipeline.configuration(from:keepingImportTag:)` cut out of
// Imports/ImportPipeline.swift (the script extracts them, so the fuzzed code is the served code), plus the
// stand-in for `APIError` in Fuzz/import-config/APIErrorStandIn.swift (the real one needs Hummingbird).
//
// For every input that is JSON: decoding the configuration either succeeds or throws an APIError that is a 400
// or 422 with a message (and, for 422, a detail naming the field); a decoded configuration either passes the
// rules of SPEC §3–§4 or fails with a named rule; one that passes builds an ImportPlan without error, and
// survives the stored round trip (encoded, decoded back equal). Any broken expectation traps.
import Foundation

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
        configuration = try ImportPipeline.configuration(from: body, keepingImportTag: "import-2026-01-01-0000")
    } catch let error as APIError {
        expect(error.status == 400 || error.status == 422, "status \(error.status)")
        expect(!error.message.isEmpty && !error.code.isEmpty, "empty message or code")
        // A 422 names the broken key in one detail (an unknown key "" is named as it is: empty).
        if error.status == 422 { expect(error.details.count == 1, "422 without its detail") }
        return
    } catch {
        expect(false, "unexpected error type \(type(of: error)): \(error)")
        return
    }
    for columnCount in [1, 3, 12] {
        do {
            try configuration.validate(columnCount: columnCount, customFields: customFields)
        } catch {
            expect(!error.message.isEmpty, "empty rule message")
            continue
        }
        expect(configuration.mapping.allSatisfy { (0..<columnCount).contains($0.column) }, "a column out of range passed")
        do {
            _ = try ImportPlan(configuration: configuration, columnCount: columnCount, customFields: customFields)
        } catch {
            expect(false, "validated configuration refused by ImportPlan: \(error)")
        }
        do {
            let stored = try JSONEncoder().encode(configuration)
            let back = try JSONDecoder().decode(ImportConfiguration.self, from: stored)
            expect(back == configuration, "round trip changed the configuration")
        } catch {
            expect(false, "stored round trip failed: \(error)")
        }
    }
}
