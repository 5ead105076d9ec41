import Foundation

/// The refs built so far, by depth and page position; shared by the copies of one builder and
/// safe to use from the render threads. Most pages are listed from one or two depths only (their
/// section index, their tag pages), so building refs on first use skips the rest.
final class RefTable: @unchecked Sendable {
    private let lock = NSLock()
    private var refs: [[TemplateValue?]]

    init(depths: Int, count: Int) {
        refs = Array(repeating: Array(repeating: nil, count: count), count: depths)
    }

    /// The ref of `position` at `depth`, if it was made.
    func ref(_ position: Int, depth: Int) -> TemplateValue? {
        lock.withLock { depth < refs.count ? refs[depth][position] : nil }
    }

    /// Keeps `ref`, made for `position` at `depth`.
    func keep(_ ref: TemplateValue, for position: Int, depth: Int) {
        lock.withLock {
            if depth >= refs.count { refs += Array(repeating: Array(repeating: nil, count: refs.first?.count ?? 0), count: depth + 1 - refs.count) }
            refs[depth][position] = ref
        }
    }

    /// Lets go of every ref.
    func removeAll() {
        lock.withLock {
            for depth in refs.indices { refs[depth] = Array(repeating: nil, count: refs[depth].count) }
        }
    }

    /// Lets go of the refs of `positions`, at every depth.
    func forget(_ positions: [Int]) {
        lock.withLock {
            for depth in refs.indices {
                for position in positions where position < refs[depth].count { refs[depth][position] = nil }
            }
        }
    }

    /// Takes the refs `previous` built: for each position, the one at its old position in `mapping`, if any.
    func take(from previous: RefTable, mapping: [Int?]) {
        let old = previous.lock.withLock { previous.refs }
        lock.withLock {
            for depth in refs.indices where depth < old.count {
                for (position, oldPosition) in mapping.enumerated() {
                    if let oldPosition, oldPosition < old[depth].count { refs[depth][position] = old[depth][oldPosition] }
                }
            }
        }
    }
}
