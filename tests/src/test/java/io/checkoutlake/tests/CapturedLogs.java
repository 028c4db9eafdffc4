package io.checkoutlake.tests;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log event of this JVM at a level and above (the MiniCluster runs in it, so that is
 * the job's logging too), each as one text: level, logger, formatted message and the full stack
 * trace of its throwable with causes. Attached to every configured logger, so that a logger without
 * additivity cannot hide an event. Close to detach.
 */
public final class CapturedLogs implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context;
    private final Appender appender;
    private final Level level;

    private CapturedLogs(Level level) {
        this.level = level;
        this.context = (LoggerContext) LogManager.getContext(false);
        this.appender = new Appender("captured-" + UUID.randomUUID());
        appender.start();
        Configuration config = context.getConfiguration();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, level, null);
        for (LoggerConfig logger : config.getLoggers().values()) {
            if (logger != config.getRootLogger()) {
                logger.addAppender(appender, level, null);
            }
        }
        context.updateLoggers();
    }

    /** Starts capturing events at {@code level} and above. */
    public static CapturedLogs atLeast(Level level) {
        return new CapturedLogs(level);
    }

    public Level level() {
        return level;
    }

    /** The events captured so far, one text each. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /** The captured events whose text contains {@code s}. */
    public List<String> containing(String s) {
        return lines().stream().filter(l -> l.contains(s)).collect(Collectors.toList());
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(appender.getName());
        }
        config.getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }

    private final class Appender extends AbstractAppender {
        Appender(String name) {
            super(name, null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder text =
                    new StringBuilder()
                            .append(event.getLevel())
                            .append(' ')
                            .append(event.getLoggerName())
                            .append(" - ")
                            .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            synchronized (lines) {
                lines.add(text.toString());
            }
        }
    }
}
