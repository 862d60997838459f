package dev.bri.context;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.smallrye.config.SmallRyeConfig;
import java.math.BigDecimal;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * States the configured query-cost limits ({@link ContextConfig}) in the OpenAPI document at start-up, so that
 * {@code /q/openapi} shows the bounds this instance enforces, not the defaults it was built with.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ContextLimitsInOpenApi implements OASFilter {

    private static final String VIDEO = "/api/v1/videos/{videoId}";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        ContextConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(ContextConfig.class);
        if (openApi.getPaths() == null) {
            return;
        }
        Operation search = get(openApi, VIDEO + "/search");
        bound(search, "limit", 1, config.maxSearchLimit(), null);
        Schema q = schema(search, "q");
        if (q != null) {
            q.setMinLength(1);
            q.setMaxLength(config.maxSearchQueryChars());
            q.setDescription("Search words; at most " + config.maxSearchTerms() + " terms");
        }
        double maxWindow = config.maxWindowSeconds();
        Operation at = get(openApi, VIDEO + "/context/at");
        bound(at, "t", 0, null, null);
        bound(at, "window", 0, maxWindow / 2, "Half-width of the window around t, in seconds");
        Operation document = get(openApi, VIDEO + "/context");
        bound(document, "from", 0, null, "Window start, in seconds");
        bound(document, "to", 0, null, "Window end, in seconds; at most " + maxWindow + " after from");
    }

    private static Operation get(OpenAPI openApi, String path) {
        PathItem item = openApi.getPaths().getPathItem(path);
        return item == null ? null : item.getGET();
    }

    private static Schema schema(Operation operation, String name) {
        if (operation == null || operation.getParameters() == null) {
            return null;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (name.equals(parameter.getName()) && parameter.getSchema() != null) {
                return parameter.getSchema();
            }
        }
        return null;
    }

    private static void bound(Operation operation, String name, Number minimum, Number maximum, String description) {
        Schema schema = schema(operation, name);
        if (schema == null) {
            return;
        }
        schema.setMinimum(new BigDecimal(minimum.toString()));
        if (maximum != null) {
            schema.setMaximum(new BigDecimal(maximum.toString()));
        }
        if (description != null) {
            schema.setDescription(description);
        }
    }
}
