// csv-bench FILE [--only ours|csvswift|swiftcsv] [--runs N]
//
// Reads FILE and times, best of N runs, each reader reading every field of every row; prints MB/s.
// Without --only it runs each reader in its own child process, so each one's peak resident memory
// (VmHWM) is its own, and prints the ratio ours / packages.
//
// Times: wall-clock, and the thread's CPU time (on a busy 2-core machine the CPU figure measures the
// work rather than the wait for a core). "ours" includes everything the server does: CSVFile.init
// (encoding and delimiter detection, validation of the whole file) and then every row's values.
import CSV
import ContactCSV
import Foundation
import SwiftCSV

#if canImport(Glibc)
    import Glibc
#endif

enum Reader: String, CaseIterable {
    case ours, csvswift, swiftcsv
}

struct Timing {
    var wall = 0.0
    var cpu = 0.0

    static func now() -> Timing {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        var cs = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cs)
        return Timing(
            wall: Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9, cpu: Double(cs.tv_sec) + Double(cs.tv_nsec) / 1e9)
    }

    static func - (a: Timing, b: Timing) -> Timing { Timing(wall: a.wall - b.wall, cpu: a.cpu - b.cpu) }
}

struct Run {
    var total = Timing()
    var open = Timing()  // ours only: CSVFile.init
    var rows = 0
    var fields = 0
    var checksum = 0
}

/// Reads a whole file into [UInt8] with POSIX calls (no intermediate copy).
func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { fatalError("cannot open \(path)") }
    defer { close(fd) }
    var st = stat()
    fstat(fd, &st)
    let size = Int(st.st_size)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var done = 0
        while done < size {
            let n = read(fd, buffer.baseAddress! + done, size - done)
            if n <= 0 { break }
            done += n
        }
        count = done
    }
}

/// A field of /proc/self/status in bytes ("VmHWM" peak resident, "VmRSS" current).
func procStatus(_ key: String) -> Int {
    // POSIX read, not Foundation: the measuring should not itself add to the resident memory.
    var status = ""
    let fd = open("/proc/self/status", O_RDONLY)
    guard fd >= 0 else { return 0 }
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        if n <= 0 { break }
        status += String(decoding: chunk[0..<n], as: UTF8.self)
    }
    close(fd)
    for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
        return (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0) * 1024
    }
    return 0
}

func runOnce(_ reader: Reader, _ bytes: [UInt8]) -> Run {
    var run = Run()
    let start = Timing.now()
    switch reader {
    case .ours:
        let file = try! CSVFile(bytes: bytes, limits: .unlimited)
        run.open = Timing.now() - start
        file.forEachRow { row in
            run.rows += 1
            for value in row.values {
                run.fields += 1
                run.checksum &+= value.utf8.count
            }
        }
    case .csvswift:
        let text = String(decoding: bytes, as: UTF8.self)
        let csv = try! CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        while let row = csv.next() {
            run.rows += 1
            for value in row {
                run.fields += 1
                run.checksum &+= value.utf8.count
            }
        }
    case .swiftcsv:
        let text = String(decoding: bytes, as: UTF8.self)
        let csv = try! EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false, rowLimit: 1)
        try! csv.enumerateAsArray(startAt: 1, rowLimit: nil) { row in
            run.rows += 1
            for value in row {
                run.fields += 1
                run.checksum &+= value.utf8.count
            }
        }
    }
    run.total = Timing.now() - start
    return run
}

func mbps(_ size: Int, _ seconds: Double) -> Double { Double(size) / 1e6 / seconds }

var args = Array(CommandLine.arguments.dropFirst())
var only: Reader?
var runs = 7
if let i = args.firstIndex(of: "--only"), i + 1 < args.count {
    only = Reader(rawValue: args[i + 1])
    args.removeSubrange(i...i + 1)
}
if let i = args.firstIndex(of: "--runs"), i + 1 < args.count {
    runs = max(1, Int(args[i + 1]) ?? runs)
    args.removeSubrange(i...i + 1)
}
guard let path = args.first else {
    print("usage: csv-bench FILE [--only ours|csvswift|swiftcsv] [--runs N]")
    exit(2)
}

if let only {
    // Child: measure one reader; print one machine-readable line.
    let baseline = procStatus("VmRSS")
    let bytes = readFile(path)
    var best: Run?
    var bestCPU = Double.infinity
    for _ in 0..<(only == .ours ? runs : min(runs, 2)) {
        let run = runOnce(only, bytes)
        bestCPU = min(bestCPU, run.total.cpu)
        if best == nil || run.total.wall < best!.total.wall { best = run }
    }
    let b = best!
    print(
        "RESULT \(only.rawValue) \(b.total.wall) \(bestCPU) \(b.open.wall) \(procStatus("VmHWM")) \(baseline) "
            + "\(b.rows) \(b.fields) \(b.checksum)")
    exit(0)
}

let size = readFile(path).count
print("file: \(path) (\(size) bytes), best of \(runs) runs (packages: best of \(min(runs, 2)))")
var wall: [Reader: Double] = [:]
var cpu: [Reader: Double] = [:]
var peakOurs = 0
var baselineOurs = 0
for reader in Reader.allCases {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = [path, "--only", reader.rawValue, "--runs", String(runs)]
    let pipe = Pipe()
    process.standardOutput = pipe
    try! process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("RESULT") }) else {
        print("\(reader.rawValue): failed\n\(output)")
        continue
    }
    let f = line.split(separator: " ").map(String.init)
    let (w, c, open, peak, base) = (Double(f[2])!, Double(f[3])!, Double(f[4])!, Int(f[5])!, Int(f[6])!)
    wall[reader] = w
    cpu[reader] = c
    if reader == .ours { (peakOurs, baselineOurs) = (peak, base) }
    print(
        String(
            format: "%-8@ %7.1f MB/s wall (%.3f s), %7.1f MB/s CPU (%.3f s); peak RSS %.1f MB = %.2f× file "
                + "(%.1f MB before reading the file); rows %@, fields %@",
            reader.rawValue as NSString, mbps(size, w), w, mbps(size, c), c, Double(peak) / 1e6,
            Double(peak) / Double(size), Double(base) / 1e6, f[7] as NSString, f[8] as NSString))
    if reader == .ours {
        print(
            String(
                format:
                    "         of which CSVFile.init (detect + validate) %.3f s = %.0f MB/s, rows' values %.3f s = %.0f MB/s",
                open, mbps(size, open), w - open, mbps(size, w - open)))
    }
}
if let ours = wall[.ours], let oursCPU = cpu[.ours] {
    for reader in [Reader.csvswift, .swiftcsv] {
        guard let other = wall[reader], let otherCPU = cpu[reader] else { continue }
        print(
            String(
                format: "ours vs %@: %.1f× faster (wall), %.1f× (CPU)", reader.rawValue as NSString, other / ours,
                otherCPU / oursCPU))
    }
    let speed = mbps(size, ours) >= 150
    let memory = Double(peakOurs) < 2 * Double(size)
    print(
        "target >= 150 MB/s: \(speed ? "met" : "NOT met") (wall; CPU \(mbps(size, oursCPU) >= 150 ? "met" : "NOT met"))"
    )
    print(
        "target peak RSS < 2× file: \(memory ? "met" : "NOT met") (of which the process itself: \(String(format: "%.1f", Double(baselineOurs) / 1e6)) MB)"
    )
}
