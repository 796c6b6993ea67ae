package foldproof.quantizer.importers;

import java.util.Locale;

/**
 * The model file flavours {@link Importers} understands. {@link #AUTO} detects from the file (ONNX by
 * its protobuf content, safetensors flavours by their tensor names).
 */
public enum Arch {
    AUTO("auto-detect"),
    ONNX("ONNX graph"),
    HF("HuggingFace ResNetForImageClassification safetensors (microsoft/resnet-*)"),
    TORCHVISION("torchvision ResNet state dict in safetensors"),
    /** CIFAR ResNets: akamaster's (option-A shortcuts) and kuangliu/pytorch-cifar's ({@code shortcut.{0,1}}, Bottlenecks). */
    AKAMASTER("CIFAR ResNet state dict in safetensors (akamaster option-A or pytorch-cifar names)"),
    /** VGG with {@code features.{i}} / {@code classifier} names (torchvision, pytorch-cifar). */
    VGG("VGG state dict in safetensors (features.{i}, classifier)"),
    /** torchvision MobileNetV2 ({@code features.{i}.conv.*}, {@code classifier.1}). */
    MOBILENETV2("torchvision MobileNetV2 state dict in safetensors (features.{i}.conv.*, classifier.1)");

    private final String description;

    Arch(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Parses a CLI value: auto, onnx, hf (or huggingface), torchvision, akamaster (or cifar-resnet, pytorch-cifar), vgg, mobilenetv2. */
    public static Arch parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (v) {
            case "auto": return AUTO;
            case "onnx": return ONNX;
            case "hf": case "huggingface": return HF;
            case "torchvision": case "tv": return TORCHVISION;
            case "akamaster": case "cifar-resnet": case "pytorch-cifar": return AKAMASTER;
            case "vgg": return VGG;
            case "mobilenetv2": case "mobilenet-v2": return MOBILENETV2;
            default: throw new IllegalArgumentException("unknown arch '" + s + "' (use auto, onnx, hf, torchvision, akamaster, vgg or mobilenetv2)");
        }
    }
}
