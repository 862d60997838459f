package dev.bri.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Quarkus initialises application classes while it builds the native image, so whatever their static fields hold is
 * written into the binary. A random generator there is refused by the image builder ("Detected an instance of
 * Random/SplittableRandom class in the image heap") and, were it accepted, would repeat its sequence in every process.
 * This catches the common case on the JVM; {@code ../shared/native-check/run-analysis.sh} runs the builder itself.
 */
class NativeImageHeapTest {

    private static final List<Class<?>> RANDOM_TYPES = List.of(Random.class, SplittableRandom.class,
            RandomGenerator.class);

    @Test
    void noApplicationClassKeepsARandomGeneratorInAStaticField() {
        List<String> offenders = ProductionClasses.all().stream()
                .flatMap(type -> Arrays.stream(type.getDeclaredFields()))
                .filter(field -> Modifier.isStatic(field.getModifiers()))
                .filter(field -> RANDOM_TYPES.stream().anyMatch(r -> r.isAssignableFrom(field.getType())))
                .map(NativeImageHeapTest::describe)
                .toList();
        assertThat(offenders).isEmpty();
    }

    private static String describe(Field field) {
        return field.getDeclaringClass().getName() + "." + field.getName() + " (" + field.getType().getName() + ")";
    }
}
