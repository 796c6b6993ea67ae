package foldproof.quantizer.model;

import java.util.Arrays;

/**
 * How an image becomes the float input tensor.
 *
 * <p>{@link Resize#SHORT_EDGE_CROP}: resize so the shortest edge is {@code resize} (bicubic), then
 * center-crop {@code crop x crop} (ImageNet recipe: 256 / 224). {@link Resize#EXACT}: resize the whole
 * image to {@code crop x crop} (CIFAR recipe: 32x32). Then RGB in [0,1], {@code (x - mean[c]) / std[c]}, CHW.
 */
public record Preprocess(Resize mode, int resize, int crop, float[] mean, float[] std) {
    public enum Resize { SHORT_EDGE_CROP, EXACT }

    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    public static final float[] HALF = {0.5f, 0.5f, 0.5f};
    /** CIFAR-10 training-set statistics as kuangliu/pytorch-cifar's {@code main.py} normalises. */
    public static final float[] CIFAR10_MEAN = {0.4914f, 0.4822f, 0.4465f};
    public static final float[] CIFAR10_STD = {0.2023f, 0.1994f, 0.2010f};

    /** ImageNet: shortest edge 256 bicubic, center crop 224 (or {@code crop}), ImageNet mean/std. */
    public static Preprocess imagenet(int crop) {
        return new Preprocess(Resize.SHORT_EDGE_CROP, crop * 256 / 224, crop, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** CIFAR: resize to {@code size x size}, (x - 0.5) / 0.5. */
    public static Preprocess cifar(int size) {
        return new Preprocess(Resize.EXACT, size, size, HALF, HALF);
    }

    /** CIFAR resize with ImageNet mean/std (akamaster ResNet-20/56). */
    public static Preprocess cifarImagenetNorm(int size) {
        return new Preprocess(Resize.EXACT, size, size, IMAGENET_MEAN, IMAGENET_STD);
    }

    /** CIFAR resize with the CIFAR-10 statistics (kuangliu/pytorch-cifar ResNets). */
    public static Preprocess cifarDatasetNorm(int size) {
        return new Preprocess(Resize.EXACT, size, size, CIFAR10_MEAN, CIFAR10_STD);
    }

    public Preprocess {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 channels");
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocess p && p.mode == mode && p.resize == resize && p.crop == crop
                && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std) + mode.hashCode() * 7 + resize * 3 + crop;
    }
}
