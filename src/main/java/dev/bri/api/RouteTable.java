package dev.bri.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

/**
 * Every (method, route) pair Quarkus REST serves, read from its deployment once. Quarkus REST picks one resource
 * class by path before it looks at the method, so a method that another class serves on a path that two classes'
 * templates both match ({@code PUT /api/v1/videos/{videoId}/context}) ends as 404 instead of 405: this table answers
 * which methods the path does allow.
 */
final class RouteTable {

    record Route(String method, String template, Pattern pattern) {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*[\\w.-]+\\s*(?::\\s*((?:[^{}]|\\{[^{}]*\\})+))?}");

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = routes;
    }

    static RouteTable of(Deployment deployment) {
        List<Route> routes = new ArrayList<>();
        for (RequestMapper.RequestPath<RestInitialHandler.InitialMatch> classPath : deployment.getClassMappers()) {
            for (ServerRestHandler handler : classPath.value.handlers) {
                if (handler instanceof ClassRoutingHandler classRouting) {
                    for (Map.Entry<String, RequestMapper<RuntimeResource>> byMethod : classRouting.getMappers()
                            .entrySet()) {
                        for (RequestMapper.RequestPath<RuntimeResource> path : byMethod.getValue().getTemplates()) {
                            String template = template(path.value);
                            routes.add(new Route(byMethod.getKey(), template, pattern(template)));
                        }
                    }
                }
            }
        }
        return new RouteTable(List.copyOf(routes));
    }

    /** The methods served on this path (with HEAD and OPTIONS where GET is served), empty for an unknown path. */
    Set<String> allowed(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.method() != null && route.pattern().matcher(path).matches()) {
                methods.add(route.method());
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        if (!methods.isEmpty()) {
            methods.add("OPTIONS");
        }
        return methods;
    }

    /** Class and method path joined (as dev.bri.observability.RouteTemplate names routes; api cannot use it). */
    private static String template(RuntimeResource resource) {
        String classPath = resource.getClassPath() == null ? "" : resource.getClassPath().template;
        String methodPath = resource.getPath() == null ? "" : resource.getPath().template;
        return ("/" + classPath + "/" + methodPath).replaceAll("/{2,}", "/");
    }

    static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(template.substring(last, parameter.start())));
            regex.append(parameter.group(1) == null ? "[^/]+" : "(?:" + parameter.group(1).trim() + ")");
            last = parameter.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
