package foldproof.cli;

import foldproof.quantizer.QuantizerException;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Image files in folders: calibration sets and labelled evaluation sets (one subfolder per class). */
final class ImageFolders {
    private ImageFolders() { }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !n.startsWith(".")
                && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }

    private static List<Path> sorted(Path dir, boolean dirs) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> dirs ? Files.isDirectory(p) && !p.getFileName().toString().startsWith(".") : isImage(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new QuantizerException("cannot list folder " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Every regular file in {@code dir} and in its subfolders one level down (the files calibration and
     * evaluation may read, whatever their names): what an output must not overwrite.
     */
    static List<Path> allFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, 2, FileVisitOption.FOLLOW_LINKS)) {
            s.filter(Files::isRegularFile).forEach(out::add);
        } catch (IOException e) {
            throw new QuantizerException("cannot list folder " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /**
     * Up to {@code limit} images for calibration: the folder's own images, then its subfolders' images
     * taken round-robin (one per class folder in turn, each sorted by name) so a small limit still covers
     * every class. Empty result is an error.
     */
    static List<Path> calibration(Path dir, int limit) {
        if (!Files.isDirectory(dir)) {
            throw new QuantizerException("calibration folder not found: " + dir);
        }
        if (limit < 1) {
            throw new QuantizerException("--calib-limit must be at least 1");
        }
        List<Path> out = new ArrayList<>(sorted(dir, false));
        List<List<Path>> classes = new ArrayList<>();
        for (Path d : sorted(dir, true)) {
            classes.add(sorted(d, false));
        }
        for (int i = 0; out.size() < limit; i++) {
            boolean any = false;
            for (List<Path> c : classes) {
                if (i < c.size() && out.size() < limit) {
                    out.add(c.get(i));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        if (out.isEmpty()) {
            throw new QuantizerException("calibration folder " + dir + " holds no .jpg/.jpeg/.png images");
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** One labelled image. */
    record Labelled(Path file, int label) { }

    /**
     * The evaluation set: one subfolder per class. A folder maps to the model's label of the same name
     * (case-insensitive, '_' = ' '), or, if it is a number, to that class index. Files in class order, each
     * sorted by name; {@code limit} takes that many spread round-robin over the classes.
     */
    static List<Labelled> labelled(Path dir, String[] labels, int classes, int limit) {
        if (!Files.isDirectory(dir)) {
            throw new QuantizerException("image folder not found: " + dir);
        }
        List<Path> folders = sorted(dir, true);
        if (folders.isEmpty()) {
            throw new QuantizerException("image folder " + dir + " has no class subfolders (one subfolder per class expected)");
        }
        List<List<Labelled>> per = new ArrayList<>();
        for (Path f : folders) {
            int label = classIndex(f.getFileName().toString(), labels, classes);
            List<Labelled> l = new ArrayList<>();
            for (Path p : sorted(f, false)) {
                l.add(new Labelled(p, label));
            }
            per.add(l);
        }
        List<Labelled> out = new ArrayList<>();
        if (limit <= 0) {
            per.forEach(out::addAll);
        } else {
            for (int i = 0; out.size() < limit; i++) {
                boolean any = false;
                for (List<Labelled> c : per) {
                    if (i < c.size() && out.size() < limit) {
                        out.add(c.get(i));
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            throw new QuantizerException("image folder " + dir + " holds no .jpg/.jpeg/.png images in its class subfolders");
        }
        return out;
    }

    private static int classIndex(String folder, String[] labels, int classes) {
        String f = norm(folder);
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                if (norm(labels[i]).equals(f)) {
                    return i;
                }
            }
        }
        try {
            int i = Integer.parseInt(folder);
            if (i >= 0 && i < classes) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // not an index
        }
        throw new QuantizerException("class folder '" + folder + "' matches no label of the model"
                + (labels == null ? " (the model has no labels: name folders by class index 0.." + (classes - 1) + ")" : ""));
    }

    private static String norm(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
