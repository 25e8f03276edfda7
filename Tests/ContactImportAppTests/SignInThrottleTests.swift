import ContactStore
import Foundation
import HTTPTypes
import Logging
import StoreTestSupport
import Testing

@testable import ContactImportApp

/// SPEC §13's sign-in throttling: per email and per client address, 429 with `Retry-After`, the wait doubling to at
/// most 15 minutes, shared by every server of one database, every refusal logged. The clock is the test's own.
@Suite struct SignInThrottleTests {
    static let password = "correct horse battery"
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// An app whose clock the test moves and which reads the client's address from X-Forwarded-For.
    static func app(_ engine: String, clock: TestClock, store: (any DataStore)? = nil) async throws -> TestApp {
        try await TestApp(engine, store: store) {
            $0.now = clock.now
            $0.clientAddressHeader = "X-Forwarded-For"
        }
    }

    static func addOwner(_ app: TestApp, email: String = "owner@acme.test") async throws {
        _ = try await app.store.createWorkspace(
            name: "Acme", ownerEmail: email, passwordHash: try await Passwords.hash(password))
    }

    @Test func theWaitDoublesFromAMinuteToFifteenMinutes() {
        let waits = (1...7).map { SignInThrottle.wait(afterLockouts: $0).components.seconds }
        #expect(waits == [60, 120, 240, 480, 900, 900, 900])
    }

    @Test func fiveFailuresWithinTheWindowLockAndQuietTimeForgives() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var record: SignInThrottleRecord?
        for minute in 0..<4 {
            SignInThrottle.fail(
                &record, limit: SignInThrottle.perEmail, now: start.addingTimeInterval(Double(minute) * 60))
        }
        #expect(record?.lockedUntil == nil)
        // The window is 15 minutes from the first failure: a fifth failure after it starts the count again.
        SignInThrottle.fail(&record, limit: SignInThrottle.perEmail, now: start.addingTimeInterval(15 * 60))
        #expect(record?.failures == 1)
        #expect(record?.lockedUntil == nil)
        for second in 1...4 {
            SignInThrottle.fail(
                &record, limit: SignInThrottle.perEmail, now: start.addingTimeInterval(15 * 60 + Double(second)))
        }
        let locked = try? #require(record?.lockedUntil)
        #expect(locked == start.addingTimeInterval(15 * 60 + 4 + 60))
        #expect(record?.lockouts == 1)
        // 15 quiet minutes after the lock ends, the doubling starts over.
        let quiet = start.addingTimeInterval(15 * 60 + 4 + 60 + 15 * 60)
        for second in 0..<5 {
            SignInThrottle.fail(&record, limit: SignInThrottle.perEmail, now: quiet.addingTimeInterval(Double(second)))
        }
        #expect(record?.lockouts == 1)
        #expect(record?.lockedUntil == quiet.addingTimeInterval(4 + 60))
    }

    @Test(arguments: StoreEngines.all)
    func fiveWrongPasswordsLockTheEmailEvenForTheRightOneAndTheWaitDoubles(engine: String) async throws {
        let clock = TestClock()
        let app = try await Self.app(engine, clock: clock)
        try await Self.addOwner(app)
        try await app.run { client in
            for attempt in 1...5 {
                let reply = try await client.signIn("owner@acme.test", "wrong password \(attempt)")
                #expect(reply.status == .unauthorized, "attempt \(attempt)")
            }
            let locked = try await client.signIn("Owner@Acme.test", Self.password)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.errorCode == "too_many_attempts")
            #expect(locked.headers[.retryAfter] == "60")
            #expect(
                locked.json["message"] as? String
                    == "Too many failed sign-ins for this email address. Wait a minute, then try again (or reset the password)."
            )
            #expect(locked.headers[.setCookie] == nil)

            clock.advance(by: 30)
            #expect(try await client.signIn("owner@acme.test", Self.password).headers[.retryAfter] == "30")

            // After the lock, five more failures lock it for twice as long.
            clock.advance(by: 31)
            for _ in 1...5 { _ = try await client.signIn("owner@acme.test", "wrong") }
            let longer = try await client.signIn("owner@acme.test", Self.password)
            #expect(longer.status == .tooManyRequests)
            #expect(longer.headers[.retryAfter] == "120")
            #expect((longer.json["message"] as? String)?.contains("Wait 2 minutes") == true)

            clock.advance(by: 121)
            #expect(try await client.signIn("owner@acme.test", Self.password).status == .ok)
            // The success cleared the email's count: four failures do not lock it.
            for _ in 1...4 { _ = try await client.signIn("owner@acme.test", "wrong") }
            #expect(try await client.signIn("owner@acme.test", Self.password).status == .ok)
        }
    }

    @Test(arguments: StoreEngines.all)
    func twentyFailuresFromOneAddressLockThatAddressOnly(engine: String) async throws {
        let clock = TestClock()
        let app = try await Self.app(engine, clock: clock)
        try await Self.addOwner(app)
        let attacker: HTTPFields = [Self.forwardedFor: "10.0.0.1, 203.0.113.9"]
        try await app.run { client in
            for attempt in 1...20 {
                // A different email each time: no email reaches its own limit.
                let reply = try await client.request(
                    .post, "/api/v1/session", json: ["email": "guess\(attempt)@acme.test", "password": "x"],
                    headers: attacker)
                #expect(reply.status == .unauthorized)
            }
            let locked = try await client.request(
                .post, "/api/v1/session", json: ["email": "owner@acme.test", "password": Self.password],
                headers: attacker)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "60")
            #expect((locked.json["message"] as? String)?.contains("from your network address") == true)

            // The last X-Forwarded-For entry is the address: another one signs in.
            let elsewhere = try await client.request(
                .post, "/api/v1/session", json: ["email": "owner@acme.test", "password": Self.password],
                headers: [Self.forwardedFor: "203.0.113.10"])
            #expect(elsewhere.status == .ok)
        }
    }

    /// Two servers on one database: failures counted by one lock the email on the other.
    @Test(arguments: StoreEngines.all)
    func theCountIsSharedByEveryServerOfTheDatabase(engine: String) async throws {
        let clock = TestClock()
        let first = try await Self.app(engine, clock: clock)
        let second = try await Self.app(engine, clock: clock, store: first.store)
        try await Self.addOwner(first)
        try await first.run { client in
            for _ in 1...5 { _ = try await client.signIn("owner@acme.test", "wrong") }
        }
        try await second.run { client in
            let reply = try await client.signIn("owner@acme.test", Self.password)
            #expect(reply.status == .tooManyRequests)
            #expect(reply.headers[.retryAfter] == "60")
        }
    }

    @Test(arguments: StoreEngines.all)
    func everyRefusalIsLoggedWithTheEmailAndTheClientAddressButNeverThePassword(engine: String) async throws {
        let clock = TestClock()
        let app = try await Self.app(engine, clock: clock)
        try await Self.addOwner(app)
        let logs = LogCapture()
        try await app.run(logger: logs.logger) { client in
            for _ in 1...5 {
                _ = try await client.request(
                    .post, "/api/v1/session", json: ["email": "owner@acme.test", "password": "hunter2-secret"],
                    headers: [Self.forwardedFor: "198.51.100.7"])
            }
            _ = try await client.request(
                .post, "/api/v1/session", json: ["email": "owner@acme.test", "password": Self.password],
                headers: [Self.forwardedFor: "198.51.100.7"])
        }
        let refusals = logs.lines.filter { $0.message.hasPrefix("Web sign-in refused") }
        #expect(refusals.count == 6)
        #expect(
            refusals.allSatisfy { $0.metadata["email"] == "owner@acme.test" && $0.metadata["client"] == "198.51.100.7" }
        )
        #expect(refusals.last?.message == "Web sign-in refused: too many failed attempts")
        let everything = logs.lines.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!everything.contains("hunter2-secret"))
        #expect(!everything.contains(Self.password))
    }
}
