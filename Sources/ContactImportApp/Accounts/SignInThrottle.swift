import ContactStore
import Foundation

/// Sign-in throttling (SPEC §13). After 5 failed sign-ins for one email within 15 minutes, sign-in for that email is
/// refused (429 with `Retry-After`) even with the right password: first for a minute, and each further lock-out
/// doubles the wait, to at most 15 minutes. After 20 failures from one client address, that address likewise. A lock
/// counts failures afresh; 15 quiet minutes after a lock ends, the doubling starts over. A successful sign-in clears
/// the email's count (not the address's). The counts live in the database, so every server of it shares them.
struct SignInThrottle: Sendable {
    struct Limit: Sendable {
        var failures: Int
        var window: Duration
    }

    static let perEmail = Limit(failures: 5, window: .seconds(15 * 60))
    static let perAddress = Limit(failures: 20, window: .seconds(15 * 60))
    static let firstWait: Duration = .seconds(60)
    static let longestWait: Duration = .seconds(15 * 60)

    /// Why sign-in is refused for now, and for how long.
    struct Refusal: Sendable, Equatable {
        enum Reason: Sendable { case email, address }
        var reason: Reason
        var retryAfter: Duration
    }

    let store: any SignInThrottleStore

    static func emailKey(_ email: String) -> String { "email:" + email.lowercased() }
    static func addressKey(_ address: String) -> String { "address:" + address }

    /// The refusal in force for this email or address at `now`, the longer one when both are locked; nil when
    /// sign-in may be tried.
    func refusal(email: String, address: String, now: Date) async throws -> Refusal? {
        let records = try await store.signInThrottles(keys: [Self.emailKey(email), Self.addressKey(address)])
        let byEmail = records[Self.emailKey(email)].flatMap { Self.waitLeft($0, now: now) }
        let byAddress = records[Self.addressKey(address)].flatMap { Self.waitLeft($0, now: now) }
        switch (byEmail, byAddress) {
        case (let email?, let address?):
            return address > email
                ? Refusal(reason: .address, retryAfter: address) : Refusal(reason: .email, retryAfter: email)
        case (let email?, nil): return Refusal(reason: .email, retryAfter: email)
        case (nil, let address?): return Refusal(reason: .address, retryAfter: address)
        case (nil, nil): return nil
        }
    }

    func recordFailure(email: String, address: String, now: Date) async throws {
        try await store.updateSignInThrottle(key: Self.emailKey(email), now: now) {
            Self.fail(&$0, limit: Self.perEmail, now: now)
        }
        try await store.updateSignInThrottle(key: Self.addressKey(address), now: now) {
            Self.fail(&$0, limit: Self.perAddress, now: now)
        }
    }

    func recordSuccess(email: String, now: Date) async throws {
        try await store.updateSignInThrottle(key: Self.emailKey(email), now: now) { $0 = nil }
    }

    /// The time left on a lock at `now`, rounded up to whole seconds; nil when not locked.
    static func waitLeft(_ record: SignInThrottleRecord, now: Date) -> Duration? {
        guard let until = record.lockedUntil, until > now else { return nil }
        return .seconds(Int(until.timeIntervalSince(now).rounded(.up)))
    }

    /// Counts one failure at `now` against `limit`; the limit's last failure locks the key.
    static func fail(_ record: inout SignInThrottleRecord?, limit: Limit, now: Date) {
        let window = Double(limit.window.components.seconds)
        var counted = record ?? SignInThrottleRecord(windowStart: now)
        if let until = counted.lockedUntil, now.timeIntervalSince(until) >= window {
            counted.lockouts = 0
            counted.lockedUntil = nil
        }
        if counted.failures == 0 || now.timeIntervalSince(counted.windowStart) >= window {
            counted.failures = 0
            counted.windowStart = now
        }
        counted.failures += 1
        if counted.failures >= limit.failures {
            counted.lockouts += 1
            counted.lockedUntil = now.addingTimeInterval(
                Double(wait(afterLockouts: counted.lockouts).components.seconds))
            counted.failures = 0
            counted.windowStart = now
        }
        record = counted
    }

    /// 1, 2, 4, 8 minutes…, at most `longestWait`.
    static func wait(afterLockouts lockouts: Int) -> Duration {
        let doublings = min(max(lockouts - 1, 0), 10)
        return min(firstWait * (1 << doublings), longestWait)
    }
}
