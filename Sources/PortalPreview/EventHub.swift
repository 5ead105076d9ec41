import Foundation
import PortalCore

/// The preview's state as browsers see it: the latest rebuild's outcome, and the open event streams.
final class EventHub: @unchecked Sendable {
    /// A random id per server run, so a browser reconnecting after a restart reloads.
    let serverID = UUID().uuidString
    private let lock = NSLock()
    /// How many good builds there have been.
    private var generation = 0
    /// The diagnostics of the latest build when it failed; nil when it succeeded.
    private var failure: [Diagnostic]?
    /// Whether a build has ever succeeded (there is a site to serve).
    private var built = false
    private var subscriptions: [ObjectIdentifier: EventSubscription] = [:]
    /// The page each stream's browser shows (its output path), when it said and the page exists.
    private var shownPages: [ObjectIdentifier: String] = [:]
    private var stopped = false

    /// What requests for pages get while there is no good build: nil once there is one.
    var pageWithoutSite: Data? {
        lock.withLock { built ? nil : (failure == nil ? LiveReload.buildingPage : LiveReload.failedFirstBuildPage) }
    }

    /// Records a rebuild and tells every browser.
    func finished(_ report: BuildReport) {
        lock.withLock {
            if report.hasErrors {
                failure = report.diagnostics
                broadcast(LiveReload.event("errors", LiveReload.errorsData(report.diagnostics)))
            } else {
                failure = nil
                built = true
                generation += 1
                let pages = "[" + report.renderedPages.map { JSONText.string($0) }.joined(separator: ",") + "]"
                broadcast(LiveReload.event("reload", "{\"generation\":\(generation),\"pages\":\(pages)}"))
            }
        }
    }

    /// Tells every browser how a long rebuild is going.
    func progress(_ progress: BuildProgress) {
        lock.withLock { broadcast(LiveReload.event("progress", progress.json)) }
    }

    /// A new event stream, from a browser showing the page at output path `page`: it starts with
    /// `hello` and, while the site has errors, `errors`.
    func subscribe(showing page: String? = nil) -> EventSubscription {
        let subscription = EventSubscription()
        lock.withLock {
            subscription.push(LiveReload.event("hello", "{\"server\":\"\(serverID)\",\"generation\":\(generation)}"))
            if let failure { subscription.push(LiveReload.event("errors", LiveReload.errorsData(failure))) }
            if stopped {
                subscription.close()
            } else {
                subscriptions[ObjectIdentifier(subscription)] = subscription
                shownPages[ObjectIdentifier(subscription)] = page
            }
        }
        return subscription
    }

    /// Forgets a stream whose browser has gone.
    func unsubscribe(_ subscription: EventSubscription) {
        lock.withLock {
            subscriptions.removeValue(forKey: ObjectIdentifier(subscription))
            shownPages.removeValue(forKey: ObjectIdentifier(subscription))
        }
    }

    /// The output paths of the pages the browsers with an open stream show.
    var pagesShown: Set<String> {
        lock.withLock { Set(shownPages.values) }
    }

    /// Closes every stream, and every later one at once (the server is stopping).
    func closeAll() {
        lock.withLock {
            stopped = true
            for subscription in subscriptions.values { subscription.close() }
            subscriptions = [:]
            shownPages = [:]
        }
    }

    private func broadcast(_ bytes: [UInt8]) {
        for subscription in subscriptions.values { subscription.push(bytes) }
    }
}
