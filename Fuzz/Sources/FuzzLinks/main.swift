@_spi(Fuzzing) import PortalCore

/// libFuzzer's entry point: runs `FuzzTargets.links` and stops the process on a broken property.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLinks(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let violations = FuzzTargets.links(Array(UnsafeBufferPointer(start: data, count: size)))
    guard violations.isEmpty else { fatalError(violations.joined(separator: "\n")) }
    return 0
}
