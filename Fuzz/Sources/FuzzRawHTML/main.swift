@_spi(Fuzzing) import PortalCore

/// libFuzzer's entry point: runs `FuzzTargets.rawHTML` and stops the process on a broken property.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRawHTML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let violations = FuzzTargets.rawHTML(Array(UnsafeBufferPointer(start: data, count: size)))
    guard violations.isEmpty else { fatalError(violations.joined(separator: "\n")) }
    return 0
}
