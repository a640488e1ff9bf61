package io.sparknas.jobs.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;

import java.io.File;
import java.io.FileNotFoundException;
import java.net.URL;
import java.util.function.Function;

/**
 * Includes as Typesafe Config does (relative to the including file, then the classpath), except that
 * every include is {@code required(...)}: HOCON skips a plain {@code include "x.conf"} of a missing file
 * without a word, and the config then runs on the defaults of everything that file set. The work is
 * done by Typesafe's own includer (the fallback it hands to {@link #withFallback}), asked with
 * missing files not allowed.
 */
final class RequiredIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    private final ConfigIncluder fallback;

    RequiredIncludes(ConfigIncluder fallback) {
        this.fallback = fallback;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return fallback == this.fallback ? this : new RequiredIncludes(fallback);
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        return required(context, "\"" + what + "\"", strict -> fallback().include(strict, what));
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        return required(context, "file(\"" + what + "\")", strict -> ((ConfigIncluderFile) fallback()).includeFile(strict, what));
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        return required(context, "url(\"" + what + "\")", strict -> ((ConfigIncluderURL) fallback()).includeURL(strict, what));
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        return required(context, "classpath(\"" + what + "\")",
                strict -> ((ConfigIncluderClasspath) fallback()).includeResources(strict, what));
    }

    private ConfigIncluder fallback() {
        if (fallback == null) { // Typesafe always appends its default includer before parsing
            throw new IllegalStateException("no default includer to delegate to");
        }
        return fallback;
    }

    private static ConfigObject required(ConfigIncludeContext context, String what,
                                         Function<ConfigIncludeContext, ConfigObject> include) {
        try {
            return include.apply(context.setParseOptions(context.parseOptions().setAllowMissing(false)));
        } catch (NotFound e) {
            throw e; // a nested include: the innermost missing file is the one to name
        } catch (ConfigException.IO e) {
            if (!notFound(e)) {
                throw e;
            }
            throw new NotFound(what, e);
        }
    }

    private static boolean notFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileNotFoundException || String.valueOf(t.getMessage()).contains("not found")) {
                return true;
            }
        }
        return false;
    }

    /** An include of a file that does not exist: "include "x.conf": no such file (...)". */
    static final class NotFound extends ConfigException.IO {
        private static final long serialVersionUID = 1L;

        NotFound(String include, Throwable cause) {
            super(ConfigOriginFactory.newSimple("include " + include), "no such file (looked beside the including file "
                    + "and on the classpath)", cause);
        }
    }
}
