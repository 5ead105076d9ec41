@_spi(Fuzzing) import PortalCore

/// libFuzzer's entry point: runs `FuzzTargets.bibTeX` and stops the process on a broken property.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBibTeX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let violations = FuzzTargets.bibTeX(Array(UnsafeBufferPointer(start: data, count: size)))
    guard violations.isEmpty else { fatalError(violations.joined(separator: "\n")) }
    return 0
}
