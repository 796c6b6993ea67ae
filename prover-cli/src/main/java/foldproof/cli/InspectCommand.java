package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import foldproof.circuits.check.Inspection;
import foldproof.quantizer.model.QModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code foldproof inspect}: per layer tiles, constraints per tile, witness length, nonzeros; totals. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the R1CS size of every layer's tile circuit and the totals.")
public final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelSelection model;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        QModel m = CircuitCli.loadModel(model, spec);
        if (m == null) {
            return 2;
        }
        List<Inspection.Layer> layers = Inspection.of(m);
        long total = Inspection.totalConstraints(layers);
        long acts = Inspection.totalActivations(layers);
        long nnz = 0;
        long witness = 0;
        for (Inspection.Layer l : layers) {
            nnz += l.nonZeros();
            witness += (long) l.tiles() * l.witness();
        }
        if (json) {
            ObjectMapper om = new ObjectMapper();
            ObjectNode root = om.createObjectNode();
            root.put("model", m.name());
            root.put("description", m.description());
            ArrayNode arr = root.putArray("layers");
            for (Inspection.Layer l : layers) {
                ObjectNode o = arr.addObject();
                o.put("name", l.name());
                o.put("tiles", l.tiles());
                o.put("constraints_per_tile", l.constraints());
                o.put("constraints", l.totalConstraints());
                o.put("witness_length", l.witness());
                o.put("padded_witness_length", l.paddedWitness());
                o.put("aux_length", l.aux());
                o.put("nonzeros", l.nonZeros());
                o.put("activations", l.activations());
            }
            root.put("total_constraints", total);
            root.put("activations", acts);
            root.put("constraints_per_activation", acts == 0 ? 0 : total / (double) acts);
            root.put("total_witness", witness);
            root.put("nonzeros_per_tile_shapes", nnz);
            out.println(om.writeValueAsString(root));
        } else {
            out.printf("%s (%s)%n", m.name(), m.description());
            out.printf("%-20s %6s %12s %14s %12s %12s %12s%n", "layer", "tiles", "constr/tile", "constraints", "witness", "padded", "nonzeros");
            for (Inspection.Layer l : layers) {
                out.printf("%-20s %6d %12d %14d %12d %12d %12d%n", l.name(), l.tiles(), l.constraints(), l.totalConstraints(),
                        l.witness(), l.paddedWitness(), l.nonZeros());
            }
            out.printf("total: %d constraints, %d activations, %.2f constraints per activation, witness %d, shape nonzeros %d%n",
                    total, acts, acts == 0 ? 0 : total / (double) acts, witness, nnz);
        }
        out.flush();
        return 0;
    }
}
