package foldproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import foldproof.circuits.check.Checker;
import foldproof.circuits.check.Failure;
import foldproof.circuits.export.ExportedCircuit;
import foldproof.circuits.export.R1csFile;
import foldproof.circuits.export.WtnsFile;
import foldproof.circuits.layers.Circuits;
import foldproof.circuits.layers.LayerCircuit;
import foldproof.circuits.layers.TileWitness;
import foldproof.quantizer.model.QModel;
import foldproof.quantizer.quant.InputQuantizer;
import foldproof.quantizer.quant.IntInference;
import foldproof.quantizer.quant.IntTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code foldproof export}: one tile of one layer (or every tile of it, as one circuit) on an image, written
 * as an iden3 {@code .r1cs} circuit and its {@code .wtns} witness for snarkjs and other circom tooling
 * ({@link ExportedCircuit} says how our {@code z = (W, u, x)} becomes iden3 wires). Both files are checked
 * before any work (never an input) and written atomically; the witness is checked against the layer's R1CS
 * before it is written.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export one layer tile's R1CS and its witness on an image in the iden3 formats (.r1cs, .wtns)"
                + " that snarkjs and circom tooling read: `snarkjs r1cs info`, `snarkjs wtns check`, Groth16 setup/prove/verify.",
                "Wire 0 is the constant 1, the head's logits are the public outputs, the rows the tile reads the private inputs."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions model;

    @Option(names = "--image", required = true, paramLabel = "I", description = "Image file (JPEG, PNG, ...).")
    Path image;

    @Option(names = "--layer", required = true, paramLabel = "NAME", description = "Layer name, as `foldproof inspect` lists them.")
    String layer;

    @Option(names = "--tile", paramLabel = "J", description = "Tile (output row) number, 0-based.")
    Integer tile;

    @Option(names = "--all-tiles", description = "Every tile of the layer as one circuit (rows shared by tiles are shared wires).")
    boolean allTiles;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for NAME.r1cs and NAME.wtns (created if missing; files replaced atomically, never an input).")
    Path out;

    /** The written files and the circuit's figures. */
    record Exported(ExportedCircuit circuit, Path r1cs, Path wtns) { }

    @Override
    public Integer call() throws Exception {
        return common.inPool(this::run);
    }

    private Integer run() throws IOException {
        if ((tile == null) == !allTiles) {
            throw new IllegalArgumentException("give exactly one of --tile J and --all-tiles");
        }
        Inputs.requireFile(image, "image");
        List<Path> inputs = new ArrayList<>(ModelSource.inputFiles(model.model, null));
        inputs.add(image);
        QModel m = model.load();
        List<LayerCircuit> circuits = Circuits.forModel(m, false);   // plain R1CS: no challenge inside a tile
        LayerCircuit lc = find(circuits, layer, m.name());
        int[] tiles;
        if (allTiles) {
            tiles = java.util.stream.IntStream.range(0, lc.numTiles()).toArray();
        } else {
            if (tile < 0 || tile >= lc.numTiles()) {
                throw new IllegalArgumentException("--tile " + tile + " out of range: layer " + lc.name() + " has "
                        + lc.numTiles() + (lc.numTiles() == 1 ? " tile (0)" : " tiles (0.." + (lc.numTiles() - 1) + ")"));
            }
            tiles = new int[] {tile};
        }
        String base = fileName(lc.name()) + (allTiles ? "-all" : "-tile" + tile);
        Path dir = outputFolder(out);
        OutputTarget r1csTarget = OutputTarget.check(dir.resolve(base + ".r1cs"), "--out", inputs);
        OutputTarget wtnsTarget = OutputTarget.check(dir.resolve(base + ".wtns"), "--out", inputs);
        PrintWriter err = spec.commandLine().getErr();
        IntTrace trace = IntInference.run(m, InputQuantizer.quantize(m, ImageInput.load(image, m.preprocess(), err)));
        List<TileWitness> ws = new ArrayList<>();
        for (int t : tiles) {
            TileWitness w = lc.witness(trace, t);
            Optional<Failure> f = Checker.check(lc, w);
            if (f.isPresent()) {
                throw new IllegalStateException("the witness of " + lc.name() + " tile " + t + " does not satisfy its circuit: " + f.get());
            }
            ws.add(w);
        }
        ExportedCircuit c = ExportedCircuit.of(lc, ws);
        r1csTarget.write(ch -> {
            OutputStream os = Channels.newOutputStream(ch);
            R1csFile.write(c, os);
        }, inputs);
        wtnsTarget.write(ch -> WtnsFile.write(c.witness(), Channels.newOutputStream(ch)), inputs);
        print(new Exported(c, r1csTarget.path(), wtnsTarget.path()), m);
        return 0;
    }

    private void print(Exported e, QModel m) {
        PrintWriter o = spec.commandLine().getOut();
        ExportedCircuit c = e.circuit();
        if (common.json) {
            ObjectNode j = new ObjectMapper().createObjectNode();
            j.put("model", m.name()).put("layer", layer).put("tiles", c.tiles().length).put("constraints", c.numConstraints())
                    .put("wires", c.numWires()).put("publicOutputs", c.numPublicOutputs()).put("privateInputs", c.numPrivateInputs())
                    .put("r1cs", e.r1cs().toString()).put("wtns", e.wtns().toString());
            o.println(j);
        } else {
            o.println("circuit:     " + m.name() + " " + c.name());
            o.println("constraints: " + c.numConstraints() + ", wires " + c.numWires() + " (1 constant, "
                    + c.numPublicOutputs() + " public outputs, " + c.numPrivateInputs() + " private inputs)");
            o.println("wrote:       " + e.r1cs() + ", " + e.wtns());
            o.println("check:       snarkjs wtns check " + e.r1cs() + " " + e.wtns());
        }
        o.flush();
    }

    /** The layer named {@code name}; otherwise a one-line error listing the valid names (exit 2). */
    static LayerCircuit find(List<LayerCircuit> circuits, String name, String model) {
        for (LayerCircuit c : circuits) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown layer '" + name + "' in " + model + "; its layers: "
                + circuits.stream().map(LayerCircuit::name).collect(Collectors.joining(", ")));
    }

    /** A layer name as a file name: characters other than letters, digits, '.', '_' and '-' become '_'. */
    static String fileName(String layerName) {
        String s = layerName.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }

    /** {@code --out DIR}: an existing folder, or a new one in an existing folder; never a file. */
    static Path outputFolder(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; give a folder for the .r1cs and .wtns files");
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("--out " + dir + ": its parent folder does not exist: " + parent);
            }
            Files.createDirectory(dir);
        }
        return dir;
    }
}
