import Foundation

/// Writes one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Whether standard error is a terminal (progress bars go there only then).
var stderrIsTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) != 0 }

/// A byte count for people: `1.2 MB`.
func formatBytes(_ bytes: Int64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
        value /= 1000
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}

/// A bit rate for people: `2.4 Mb/s`.
func formatBitRate(_ bitsPerSecond: Int64) -> String {
    if bitsPerSecond >= 1_000_000 { return String(format: "%.1f Mb/s", Double(bitsPerSecond) / 1_000_000) }
    return String(format: "%.0f kb/s", Double(bitsPerSecond) / 1000)
}
