package dev.bri;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Test resources shared by every @QuarkusTest, so they all run against one Quarkus instance. */
@WithTestResource(value = RedisServerResource.class, scope = TestResourceScope.GLOBAL)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
