package foldproof.folding.ec;

/**
 * Whether the vector-lane kernels ({@link FqLanes}) are used. They need the incubator module
 * {@code jdk.incubator.vector} in the boot layer (the {@code foldproof} launcher and the build's
 * tests pass {@code --add-modules jdk.incubator.vector}; a bare {@code java -jar} does not) and native
 * 256-bit vectors. {@code -Dfoldproof.lanes=false} turns them off (to compare, or to rule them out).
 * This class never refers to the incubator types itself, so it loads on any JVM.
 */
public final class Lanes {
    /** True when {@link FqLanes} may be used. */
    public static final boolean ENABLED = detect();

    private Lanes() {
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("foldproof.lanes", "true"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return FqLanes.nativeWidth();
        } catch (LinkageError e) {
            return false;
        }
    }

    /** A one-line description for diagnostics ({@code foldproof bench msm}, logs). */
    public static String describe() {
        if (ENABLED) return "Fq lanes: on (jdk.incubator.vector, 256-bit)";
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "Fq lanes: off (run with --add-modules jdk.incubator.vector)";
        }
        return "Fq lanes: off";
    }
}
