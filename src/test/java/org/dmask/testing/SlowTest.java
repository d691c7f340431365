package org.dmask.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that runs the face models, the renderer, real clips, long videos, an attack on the running service, or that
 * starts the application once per command (the CLI tests on {@code QuarkusMainLauncher}) or a child JVM:
 * left out of the fast set ({@code ./mvnw test -Pfast}), run by {@code ./mvnw verify}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("slow")
public @interface SlowTest {
}
