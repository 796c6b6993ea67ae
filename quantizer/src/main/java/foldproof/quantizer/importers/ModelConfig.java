package foldproof.quantizer.importers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import foldproof.quantizer.QuantizerException;
import foldproof.quantizer.model.Preprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The optional JSON next to a model: a HuggingFace {@code config.json} ({@code depths}, {@code hidden_sizes},
 * {@code embedding_size}, {@code layer_type}, {@code downsample_in_first_stage}, {@code downsample_in_bottleneck},
 * {@code id2label}), plus two
 * foldproof keys usable with any format: {@code "labels": [..]} and
 * {@code "preprocess": {"mode": "exact"|"short_edge_crop", "resize": 256, "crop": 224, "mean": [..], "std": [..]}}.
 * Absent keys are null / empty.
 */
record ModelConfig(int[] depths, int[] hiddenSizes, Integer embeddingSize, String layerType,
                   boolean downsampleInFirstStage, boolean downsampleInBottleneck, String[] labels, Preprocess preprocess) {
    static final String[] CIFAR10 = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

    static ModelConfig empty() {
        return new ModelConfig(null, null, null, null, false, false, null, null);
    }

    /**
     * Labels for {@code classes} outputs: the configured ones, else the CIFAR-10 names for a 10-class net
     * with a 32x32 input (documented assumption), else null (class indices).
     */
    String[] labels(int classes, int inputSize) {
        if (labels != null) {
            if (labels.length != classes) {
                throw new QuantizerException("config has " + labels.length + " labels but the model has " + classes + " classes");
            }
            return labels.clone();
        }
        return classes == 10 && inputSize == 32 ? CIFAR10.clone() : null;
    }

    static ModelConfig read(Path p) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new QuantizerException("cannot read config " + p + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw new QuantizerException("config " + p + " is not a JSON object");
        }
        try {
            return new ModelConfig(ints(root.get("depths")), ints(root.get("hidden_sizes")),
                    root.hasNonNull("embedding_size") ? root.get("embedding_size").asInt() : null,
                    root.hasNonNull("layer_type") ? root.get("layer_type").asText() : null,
                    root.path("downsample_in_first_stage").asBoolean(false),
                    root.path("downsample_in_bottleneck").asBoolean(false),
                    labels(root), preprocess(root.get("preprocess")));
        } catch (IllegalArgumentException e) {
            throw new QuantizerException("config " + p + ": " + e.getMessage());
        }
    }

    private static int[] ints(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("expected an array of integers, got " + n);
        }
        int[] r = new int[n.size()];
        for (int i = 0; i < r.length; i++) {
            if (!n.get(i).canConvertToInt()) {
                throw new IllegalArgumentException("expected an integer, got " + n.get(i));
            }
            r[i] = n.get(i).asInt();
        }
        return r;
    }

    private static String[] labels(JsonNode root) {
        JsonNode list = root.get("labels");
        if (list != null && list.isArray()) {
            String[] r = new String[list.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = list.get(i).asText();
            }
            return r;
        }
        JsonNode map = root.get("id2label");
        if (map == null || !map.isObject() || map.size() == 0) {
            return null;
        }
        String[] r = new String[map.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int i;
            try {
                i = Integer.parseInt(e.getKey());
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("id2label key '" + e.getKey() + "' is not an integer");
            }
            if (i < 0 || i >= r.length || r[i] != null) {
                throw new IllegalArgumentException("id2label ids must be 0.." + (r.length - 1) + " without repeats; got " + i);
            }
            r[i] = e.getValue().asText();
        }
        return r;
    }

    private static Preprocess preprocess(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        String mode = n.path("mode").asText("short_edge_crop");
        int crop = n.path("crop").asInt(224);
        Preprocess.Resize m;
        if (mode.equalsIgnoreCase("exact")) {
            m = Preprocess.Resize.EXACT;
        } else if (mode.equalsIgnoreCase("short_edge_crop")) {
            m = Preprocess.Resize.SHORT_EDGE_CROP;
        } else {
            throw new IllegalArgumentException("preprocess.mode must be exact or short_edge_crop, got " + mode);
        }
        int resize = n.path("resize").asInt(m == Preprocess.Resize.EXACT ? crop : crop * 256 / 224);
        float[] mean = floats(n.get("mean"), Preprocess.IMAGENET_MEAN);
        float[] std = floats(n.get("std"), Preprocess.IMAGENET_STD);
        if (crop <= 0 || crop > 4096 || resize < crop || resize > 8192) {
            throw new IllegalArgumentException("preprocess crop/resize out of range: " + crop + "/" + resize);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("preprocess std must be positive");
            }
        }
        return new Preprocess(m, resize, crop, mean, std);
    }

    private static float[] floats(JsonNode n, float[] dflt) {
        if (n == null) {
            return dflt;
        }
        if (!n.isArray() || n.size() != 3) {
            throw new IllegalArgumentException("preprocess mean/std need 3 numbers, got " + n);
        }
        return new float[] {(float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()};
    }
}
