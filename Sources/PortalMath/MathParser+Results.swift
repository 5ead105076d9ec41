/// A base and the scripts and primes attached to it so far.
struct Nucleus {
    var base: MathNode
    var isFunction = false
    var scriptsUnderOver = false
    var lower: MathNode?
    var upper: MathNode?
    var primes = 0

    init(base: MathNode, isFunction: Bool = false) {
        self.base = base
        self.isFunction = isFunction
    }

    func build(in tree: inout MathTree) -> MathNode {
        var upper = self.upper
        if primes > 0 {
            let text = primes == 1 ? "′" : primes == 2 ? "″" : primes == 3 ? "‴" : String(repeating: "′", count: primes)
            let prime = tree.leaf(MathLeaf(element: .mo, text: text, attributes: []))
            upper = upper.map { tree.element(.mrow, [], prime, $0) } ?? prime
        }
        guard lower != nil || upper != nil else { return base }
        let limits = tree.limits(of: base)
        let underOver = scriptsUnderOver || limits == .display || limits == .always
        switch (lower, upper) {
        case (let sub?, let sup?):
            return tree.element(underOver ? .munderover : .msubsup, [], base, sub, sup)
        case (let sub?, nil):
            return tree.element(underOver ? .munder : .msub, [], base, sub)
        case (nil, let sup?):
            return tree.element(underOver ? .mover : .msup, [], base, sup)
        default:
            return base
        }
    }
}

/// A line that may be numbered, as the parser sees it.
struct ParsedEquation {
    var numbered: Bool
    var tag: String?
    var tagIsStarred = false
    var labels: [MathLabel] = []

    var isEmpty: Bool { tag == nil && labels.isEmpty }
}

/// A `\ref` or `\eqref` met in the formula.
struct ParsedReference {
    var label: String
    var kind: MathReference.Kind
    var offset: Int
    var length: Int
}
