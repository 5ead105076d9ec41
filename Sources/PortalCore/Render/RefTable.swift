import Foundation

/// The refs built so far, by depth and page identity (`PageContextBuilder.identities`); shared by
/// the copies of one builder and safe to use from the render threads. Most pages are listed from
/// one or two depths only (their section index, their tag pages), so building refs on first use
/// skips the rest.
///
/// A ref does not depend on its page's position, and a preview keeps a page's identity while its
/// address stays: so a rebuild takes the last build's table whole and lets go of the refs that
/// changed, where a table by position had every kept ref copied to its page's new position.
final class RefTable: @unchecked Sendable {
    private let lock = NSLock()
    private var refs: [[TemplateValue?]]

    /// An empty table for pages at `depths` depths whose identities are below `identities`.
    init(depths: Int, identities: Int) {
        refs = Array(repeating: Array(repeating: nil, count: identities), count: depths)
    }

    /// The ref of the page of `identity` at `depth`, if it was made.
    func ref(_ identity: Int, depth: Int) -> TemplateValue? {
        lock.withLock { depth < refs.count && identity < refs[depth].count ? refs[depth][identity] : nil }
    }

    /// Keeps `ref`, made for the page of `identity` at `depth`.
    func keep(_ ref: TemplateValue, for identity: Int, depth: Int) {
        lock.withLock {
            if depth >= refs.count { refs += Array(repeating: Array(repeating: nil, count: refs.first?.count ?? 0), count: depth + 1 - refs.count) }
            if identity >= refs[depth].count { refs[depth] += Array(repeating: nil, count: identity + 1 - refs[depth].count) }
            refs[depth][identity] = ref
        }
    }

    /// Lets go of every ref.
    func removeAll() {
        lock.withLock {
            for depth in refs.indices { refs[depth] = Array(repeating: nil, count: refs[depth].count) }
        }
    }

    /// Lets go of the refs of the pages of `identities`, at every depth.
    func forget(_ identities: [Int]) {
        lock.withLock {
            for depth in refs.indices {
                for identity in identities where identity < refs[depth].count { refs[depth][identity] = nil }
            }
        }
    }

    /// Takes over the refs `previous` built, which is left empty (it is not copied: copying would
    /// hold every ref twice), keeping those of the identities `kept` marks and letting go of the
    /// rest (pages whose ref changed, and pages gone). Keeps this table's depths.
    func take(from previous: RefTable, kept: [Bool]) {
        var taken: [[TemplateValue?]] = []
        previous.lock.withLock { swap(&taken, &previous.refs) }
        lock.withLock {
            let (depths, identities) = (refs.count, refs.first?.count ?? kept.count)
            if taken.count > depths { taken.removeLast(taken.count - depths) }
            for depth in taken.indices {
                if taken[depth].count > identities { taken[depth].removeLast(taken[depth].count - identities) }
                for identity in taken[depth].indices where taken[depth][identity] != nil && !(identity < kept.count && kept[identity]) {
                    taken[depth][identity] = nil
                }
                if taken[depth].count < identities { taken[depth] += Array(repeating: nil, count: identities - taken[depth].count) }
            }
            if taken.count < depths { taken += Array(repeating: Array(repeating: nil, count: identities), count: depths - taken.count) }
            swap(&refs, &taken)
        }
    }
}
