import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web UI's static files (`WebUI/Public`, a resource of this target), read once when the router is built
/// and served from memory: `/` is the page, `/ui/<file>` its script modules (app.js the entry), style sheet, icon and
/// sample CSV.
/// Only the files found there are served, with a content type chosen from a short fixed list. The page is also served at
/// the first-run setup and password-reset links (`SetupController`, `PasswordResetController`), which check their
/// codes first.
struct WebUIController {
    struct Asset: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    let assets: [String: Asset]

    init(assets: [String: Asset]) { self.assets = assets }

    /// The bundled files; none (and every page 404) only when the resource folder is missing.
    static func bundled() -> WebUIController {
        guard let folder = Bundle.module.url(forResource: "Public", withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return WebUIController(assets: [:]) }
        var assets: [String: Asset] = [:]
        for name in names {
            guard let type = contentType(for: name),
                let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
            else { continue }
            assets[name] = Asset(bytes: ByteBuffer(bytes: data), contentType: type)
        }
        return WebUIController(assets: assets)
    }

    static func contentType(for name: String) -> String? {
        switch name.split(separator: ".").last?.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "csv": "text/csv; charset=utf-8"
        default: nil
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in try self.serve("index.html") }
        router.get("ui/:file") { _, context in
            try self.serve(context.parameters.get("file") ?? "")
        }
    }

    /// The page itself, for the addresses it serves besides `/` (the first-run setup and password-reset links).
    func indexPage() throws -> Response { try serve("index.html") }

    /// A small page of its own for a link that no longer works: a heading, a sentence and a way to the sign-in page.
    /// Only fixed text goes in (escaped all the same).
    static func notice(_ status: HTTPResponse.Status, title: String, text: String) -> Response {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>\(escaped(title)) · Contact Import</title>
              <link rel="icon" href="/ui/icon.svg" type="image/svg+xml">
              <link rel="stylesheet" href="/ui/app.css">
            </head>
            <body>
              <main id="main" class="notice-page">
                <div class="card narrow">
                  <h1>\(escaped(title))</h1>
                  <p class="message info" role="status">\(escaped(text))</p>
                  <p><a href="/">Go to the sign-in page</a></p>
                </div>
              </main>
            </body>
            </html>

            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func serve(_ name: String) throws -> Response {
        guard let asset = assets[name] else {
            throw APIError(.notFound, "not_found", "There is nothing at this address.")
        }
        var headers: HTTPFields = [.contentType: asset.contentType, .cacheControl: "no-cache"]
        if name.hasSuffix(".csv") { headers[.contentDisposition] = "attachment; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }
}
