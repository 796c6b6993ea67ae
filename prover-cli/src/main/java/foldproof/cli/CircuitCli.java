package foldproof.cli;

import foldproof.circuits.CircuitException;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.QModel;
import picocli.CommandLine;

/** Shared bits of the circuit commands: model loading with errors mapped to a message and exit code 2. */
final class CircuitCli {
    private CircuitCli() { }

    /** The model, or null after printing the reason to stderr. */
    static QModel loadModel(ModelSelection sel, CommandLine.Model.CommandSpec spec) {
        try {
            return sel.load();
        } catch (IllegalArgumentException | QuantizerException | CircuitException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return null;
        }
    }
}
