import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A thread of its own that enters a network namespace and runs one piece of work there.
///
/// A socket keeps the namespace it was made in, so the work makes its sockets after entering. Only this thread
/// changes namespace; threads of the Swift concurrency pool never do, and the thread ends with its work.
///
/// ```swift
/// let receiver = try NamespaceThread.start(in: topology.receiver.path) { () throws(BenchError) in try count() }
/// let received = try receiver.join()
/// ```
internal final class NamespaceThread<Value: Sendable>: Sendable {
    private let thread: pthread_t
    private let box: OutcomeBox<Value>

    private init(thread: pthread_t, box: OutcomeBox<Value>) {
        self.thread = thread
        self.box = box
    }

    /// Starts `work` on a new thread inside the namespace at `namespacePath`.
    static func start(
        in namespacePath: String, _ work: @escaping @Sendable () throws(BenchError) -> Value
    ) throws(BenchError) -> NamespaceThread<Value> {
        let box = OutcomeBox<Value>()
        let thread = try ThreadLauncher.launch {
            let result: Result<Value, BenchError>
            do throws(BenchError) {
                try SocketCalls.enter(namespacePath: namespacePath)
                result = .success(try work())
            } catch {
                result = .failure(error)
            }
            box.set(result)
        }
        return NamespaceThread(thread: thread, box: box)
    }

    /// Waits for the work to end and returns what it returned or threw. Call it once.
    func join() throws(BenchError) -> Value {
        pthread_join(thread, nil)
        guard let outcome = box.get() else {
            throw BenchError("packet benchmark: a worker thread ended without a result")
        }
        return try outcome.get()
    }
}

/// Where a thread leaves its result.
private final class OutcomeBox<Value: Sendable>: Sendable {
    private let value = Mutex<Result<Value, BenchError>?>(nil)

    func set(_ result: Result<Value, BenchError>) {
        value.withLock { $0 = result }
    }

    func get() -> Result<Value, BenchError>? {
        value.withLock { $0 }
    }
}

/// Starts a joinable POSIX thread running a closure.
private enum ThreadLauncher {
    private final class Job {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    static func launch(_ body: @escaping @Sendable () -> Void) throws(BenchError) -> pthread_t {
        let context = Unmanaged.passRetained(Job(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().body()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            throw BenchError("packet benchmark: cannot start a thread: \(String(cString: strerror(created)))")
        }
        return thread
    }
}
