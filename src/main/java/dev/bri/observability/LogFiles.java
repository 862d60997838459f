package dev.bri.observability;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.JsonFormatter;
import org.jboss.logmanager.handlers.FileHandler;
import org.jboss.logmanager.handlers.PeriodicSizeRotatingFileHandler;

/**
 * The specialised log files next to bri.log (which Quarkus writes itself, quarkus.log.file.*): bri_errors.log (ERROR
 * records of every category), bri_performance.log, bri_audit.log, bri_pipeline.log and bri_api.log (their
 * categories). Installed here rather than as Quarkus named handlers because a named handler linked to a category
 * cannot be switched off by configuration without an error at start-up; here one switch, bri.log.files.enabled,
 * turns all six on or off.
 * They share bri.log's JSON formatter (quarkus.log.file.json.*), daily suffix and size cap.
 */
@ApplicationScoped
public class LogFiles {

    public static final String SUFFIX = ".yyyy-MM-dd";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(LogFiles.class);

    private final ObservabilityConfig.Files config;
    private final Map<String, PeriodicSizeRotatingFileHandler> handlers = new LinkedHashMap<>();
    private final Map<String, String> categories = new LinkedHashMap<>();

    public LogFiles(ObservabilityConfig config) {
        this.config = config.files();
    }

    /** Early, so that the start-up records of other beans reach the files. */
    void start(@Observes @Priority(1) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        try {
            Files.createDirectories(config.dir());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot create log directory " + config.dir(), e);
        }
        Formatter formatter = mainFileFormatter();
        install("bri_errors.log", "", Level.SEVERE, formatter);
        install("bri_performance.log", SlowOperations.CATEGORY, Level.ALL, formatter);
        install("bri_audit.log", AuditLog.CATEGORY, Level.ALL, formatter);
        install("bri_pipeline.log", "bri.pipeline", Level.ALL, formatter);
        install("bri_api.log", ApiLog.CATEGORY, Level.ALL, formatter);
        LOG.infof("log files enabled in %s", config.dir().toAbsolutePath());
    }

    void stop(@Observes ShutdownEvent event) {
        handlers.forEach((file, handler) -> {
            LogContext.getLogContext().getLogger(categories.get(file)).removeHandler(handler);
            handler.close();
        });
        handlers.clear();
    }

    /** The handler writing {@code file}, or null when file logging is off. */
    public PeriodicSizeRotatingFileHandler handler(String file) {
        return handlers.get(file);
    }

    private void install(String file, String category, Level level, Formatter formatter) {
        try {
            PeriodicSizeRotatingFileHandler handler = new PeriodicSizeRotatingFileHandler();
            handler.setSuffix(SUFFIX);
            handler.setRotateSize(config.maxFileSize().asLongValue());
            handler.setMaxBackupIndex(config.maxBackupIndex());
            handler.setAppend(true);
            handler.setAutoFlush(true);
            handler.setLevel(level);
            handler.setFormatter(formatter);
            handler.setFile(config.dir().resolve(file).toFile());
            Logger logger = LogContext.getLogContext().getLogger(category);
            logger.addHandler(handler);
            handlers.put(file, handler);
            categories.put(file, category);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot open log file " + config.dir().resolve(file), e);
        }
    }

    /** bri.log's formatter (JSON with service and version), so every file has the same record shape. */
    private static Formatter mainFileFormatter() {
        Formatter found = find(LogContext.getLogContext().getLogger("").getHandlers());
        if (found != null) {
            return found;
        }
        JsonFormatter json = new JsonFormatter();
        json.setExceptionOutputType(JsonFormatter.ExceptionOutputType.DETAILED_AND_FORMATTED);
        return json;
    }

    private static Formatter find(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof FileHandler && handler.getFormatter() != null) {
                return handler.getFormatter();
            }
            if (handler instanceof org.jboss.logmanager.ExtHandler ext) {
                Formatter nested = find(ext.getHandlers());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

}
