import ArgumentParser
import Foundation
@_spi(FaultInjection) import NFTables

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Parses the arguments, runs the command, and turns every outcome into output and an exit status.
///
/// This replaces ArgumentParser's own `main()`, which exits with 64 for usage errors and prints several
/// lines; `vrc` promises status 2 and one `vrc: ` line for every problem.
internal enum CommandRunner {
    /// Runs `vrc` with `arguments` (without the program name) and returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        let command: any ParsableCommand
        do {
            command = try VRC.parseAsRoot(arguments)
        } catch {
            return report(parsingError: error, arguments: arguments)
        }
        // A test mode (issue 7's fault injection): `VRC_FAULT_INJECTION=kill-after-send` and the like make
        // every transaction of this run fail at that point.
        if let value = ProcessInfo.processInfo.environment["VRC_FAULT_INJECTION"] {
            guard let fault = TransactionFault(environmentValue: value) else {
                Output.problem(
                    "VRC_FAULT_INJECTION=\(value) is not a comma-separated list of refuse-message:K, kill-after-send and lost-replies"
                )
                return CommandFailure.Status.badInput.rawValue
            }
            return TransactionFault.$injected.withValue(fault) { execute(command, arguments: arguments) }
        }
        return execute(command, arguments: arguments)
    }

    /// Runs a parsed command and maps its outcome to output and an exit status.
    private static func execute(_ command: any ParsableCommand, arguments: [String]) -> Int32 {
        do {
            var command = command
            try command.run()
            return 0
        } catch let failure as CommandFailure {
            for message in [failure.message] + failure.moreMessages {
                Output.problem(message)
            }
            return failure.status.rawValue
        } catch let error as NFTablesError {
            let failure = error.commandFailure
            Output.problem(failure.message)
            return failure.status.rawValue
        } catch {
            // Help or version asked for from inside a command, or a validation error raised by it.
            return report(parsingError: error, arguments: arguments)
        }
    }

    /// Prints what ArgumentParser has to say about `error` and maps its exit code: help and `--version`
    /// exit 0 with their text on standard output; every usage error exits 2 with one line.
    private static func report(parsingError error: any Error, arguments: [String]) -> Int32 {
        let code = VRC.exitCode(for: error)
        if code.isSuccess {
            Output.line(VRC.fullMessage(for: error))
            return 0
        }
        var message = VRC.message(for: error)
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        if message.isEmpty { message = "\(error)" }
        // The subcommands named at the front of the arguments (`bench apply`), for the help to point to.
        var path: [String] = []
        var commands = VRC.configuration.subcommands
        for argument in arguments {
            guard let next = commands.first(where: { $0.configuration.commandName == argument }) else { break }
            path.append(argument)
            commands = next.configuration.subcommands
        }
        Output.problem(message + " (see 'vrc \(path.map { "\($0) " }.joined())--help')")
        return CommandFailure.Status.badInput.rawValue
    }
}
