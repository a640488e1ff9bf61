package io.sparknas.jobs.store;

import io.sparknas.jobs.config.BadInputException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.collection.JavaConverters;

import java.util.Locale;
import java.util.Set;

/**
 * What {@code bin/nas sql} lets a user run. By default only statements that read: queries (SELECT,
 * WITH, VALUES, TABLE), SHOW, DESCRIBE (Delta's DESCRIBE HISTORY and DETAIL among them) and EXPLAIN,
 * which never runs what it explains. Everything else (DROP, DELETE, INSERT, MERGE, UPDATE, VACUUM,
 * OPTIMIZE, ALTER, CREATE, SET, ADD JAR, CACHE, ...) is refused unless the user passes
 * {@code --allow-writes}.
 *
 * <p>The decision is made on the parsed plan, before Spark runs anything (Spark runs a command as soon
 * as {@code spark.sql} returns). A plan reads only when its root is one of the read-only commands
 * below, or when every node of it is one of Spark's own query operators (a class of Catalyst's logical
 * plans or of its analysis package, and not a command or a write statement). Both are allow-lists: a
 * statement of Delta's (RESTORE, VACUUM, OPTIMIZE, CLONE, ...) or one added by a later Spark is
 * refused until someone lists it here.
 */
public final class SqlStatements {
    /** Commands that only read: listings, descriptions, Delta's table history and detail, EXPLAIN. */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of("ShowTables", "ShowTableExtended", "ShowViews",
            "ShowNamespaces", "ShowColumns", "ShowFunctions", "ShowTableProperties", "ShowCreateTable", "ShowPartitions",
            "DescribeRelation", "DescribeColumn", "DescribeNamespace", "DescribeFunction", "ExplainCommand",
            "DescribeDeltaHistory", "DescribeDeltaHistoryCommand", "DescribeDeltaDetailCommand");

    /**
     * Functions that call arbitrary static Java methods by name: not something a query tool offers,
     * read-only or not.
     */
    private static final Set<String> CODE_FUNCTIONS = Set.of("reflect", "java_method");

    /** The one-line note of {@code --allow-writes}, shared by the option's help and the refusal. */
    public static final String ALLOW_WRITES = "--allow-writes also runs statements that change the store's tables "
            + "(INSERT, UPDATE, DELETE, MERGE, OPTIMIZE, VACUUM, ALTER TABLE): each is a Delta commit, which RESTORE "
            + "can undo while the table's history is retained";

    private SqlStatements() {
    }

    /**
     * Refuses, before the store is even opened, a statement that does not parse or that changes
     * something while {@code allowWrites} is false.
     *
     * @throws BadInputException naming the statement's first word, or the parser's first line
     */
    public static void check(SparkSession spark, String statement, boolean allowWrites) {
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(statement);
        } catch (Exception e) { // ParseException, declared by parsePlan
            throw badInput(e);
        }
        if (!allowWrites && !readsOnly(plan)) {
            throw new BadInputException("sql: '" + firstWord(statement) + "' is not a query; sql runs only SELECT, "
                    + "WITH, SHOW, DESCRIBE [HISTORY|DETAIL] and EXPLAIN by default (" + ALLOW_WRITES + ")");
        }
    }

    /**
     * Runs one statement on a session whose catalog holds the store's tables (see {@link ResultStore#registerViews}),
     * after {@link #check}.
     *
     * @throws BadInputException when the statement does not parse, names an unknown table or column, or
     *                           changes something while {@code allowWrites} is false
     */
    public static Dataset<Row> run(SparkSession spark, String statement, boolean allowWrites) {
        for (String name : CODE_FUNCTIONS) {
            spark.sessionState().functionRegistry().dropFunction(FunctionIdentifier.apply(name));
        }
        check(spark, statement, allowWrites);
        try {
            return spark.sql(statement);
        } catch (Exception e) { // AnalysisException (not a RuntimeException) is thrown undeclared
            if (e instanceof AnalysisException) {
                throw badInput(e);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** A query naming an unknown table, column or function, or not SQL at all, is the user's to fix. */
    private static BadInputException badInput(Exception e) {
        return new BadInputException("sql: " + String.valueOf(e.getMessage()).lines().map(String::strip)
                .filter(line -> !line.isEmpty()).findFirst().orElse(""), e);
    }

    /** Whether running {@code statement} can change nothing (it must parse). */
    static boolean readsOnly(SparkSession spark, String statement) {
        try {
            return readsOnly(spark.sessionState().sqlParser().parsePlan(statement));
        } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Whether running {@code plan} can change nothing: see the class comment. */
    static boolean readsOnly(LogicalPlan plan) {
        if (READ_ONLY_COMMANDS.contains(plan.getClass().getSimpleName())) {
            return true;
        }
        return noWriteBelow(plan);
    }

    /** Packages of Spark's query operators (Project, Filter, Join, UnresolvedRelation, ...). */
    private static final Set<String> QUERY_PACKAGES = Set.of("org.apache.spark.sql.catalyst.plans.logical",
            "org.apache.spark.sql.catalyst.analysis");

    /**
     * Where Catalyst itself was loaded from. Delta declares some of its statements in Catalyst's own
     * package (CLONE's {@code CloneTableStatement} is not a Command either), so a query operator must also
     * come from Catalyst's jar.
     */
    private static final Object CATALYST = codeSource(LogicalPlan.class);

    private static Object codeSource(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    private static boolean noWriteBelow(LogicalPlan node) {
        if (!QUERY_PACKAGES.contains(node.getClass().getPackageName())
                || !java.util.Objects.equals(CATALYST, codeSource(node.getClass())) || node instanceof Command
                || node instanceof ParsedStatement || node instanceof InsertIntoStatement || node instanceof InsertIntoDir) {
            return false;
        }
        for (LogicalPlan child : JavaConverters.seqAsJavaList(node.children())) {
            if (!noWriteBelow(child)) {
                return false;
            }
        }
        return true;
    }

    private static String firstWord(String statement) {
        String stripped = statement.strip();
        int end = 0;
        while (end < stripped.length() && Character.isLetter(stripped.charAt(end))) {
            end++;
        }
        return end == 0 ? stripped.lines().findFirst().orElse("") : stripped.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
