package dev.bri.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every class of the application (target/classes/dev/bri/**), loaded without running initializers. */
final class ProductionClasses {

    private ProductionClasses() {
    }

    static List<Class<?>> all() {
        Path root = classesRoot();
        try (Stream<Path> files = Files.walk(root.resolve("dev/bri"))) {
            return files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> root.relativize(p).toString())
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .map(ProductionClasses::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory the application's classes were compiled to (not the test classes). */
    private static Path classesRoot() {
        try {
            URL main = dev.bri.Main.class.getResource("Main.class");
            return Path.of(main.toURI()).getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ProductionClasses.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
