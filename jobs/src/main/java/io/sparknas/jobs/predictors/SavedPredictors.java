package io.sparknas.jobs.predictors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparknas.jobs.config.BadInputException;
import io.sparknas.jobs.store.OutputFolder;
import io.sparknas.predictor.Predictor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * Trained predictors on any Hadoop file system: a folder holding {@value #MODEL} (the Java-serialised
 * {@link Predictor}: model bytes, featurizer, provenance, exactly what is broadcast to executors) and
 * {@value #PROVENANCE} (the provenance, for people and other tools). Java serialisation ties a file
 * to compatible class versions; a file that cannot be read back is reported as bad input.
 */
public final class SavedPredictors {
    public static final String MODEL = "predictor.ser";
    public static final String PROVENANCE = "provenance.json";

    /**
     * A model file is data: only our predictor classes and the JDK/ND4J/XGBoost value types they hold
     * may be deserialised, so a crafted file cannot instantiate an arbitrary class (JEP 290 filter).
     */
    static final java.io.ObjectInputFilter ONLY_PREDICTOR_CLASSES = java.io.ObjectInputFilter.Config.createFilter(
            "maxdepth=64;io.sparknas.**;java.lang.*;java.util.*;java.time.*;ml.dmlc.xgboost4j.**;org.nd4j.**;!*");

    /** A predictor folder: the model, its provenance, Hadoop's checksum files of both, the output marker. */
    public static final OutputFolder.Kind KIND = new OutputFolder.Kind("predictor", MODEL,
            Pattern.compile("(\\.)?(predictor\\.ser|provenance\\.json|\\.sparknas-output)(\\.crc)?"));

    private SavedPredictors() {
    }

    /**
     * Writes the predictor into {@code folder}: created, or an earlier predictor's folder whose files are
     * replaced. The caller checks the folder first ({@link OutputFolder#check} with {@link #KIND}).
     */
    public static void save(Predictor predictor, String folder, Configuration hadoop) {
        Path dir = new Path(folder);
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(new Path(dir, MODEL), true);
                 ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(predictor);
            }
            try (FSDataOutputStream out = fs.create(new Path(dir, PROVENANCE), true)) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue((java.io.OutputStream) out, predictor.provenance());
            }
            OutputFolder.mark(fs, dir, KIND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictor to " + folder, e);
        }
    }

    /**
     * Deletes a folder {@link #save} created in this job (a job that fails after saving leaves nothing
     * behind); never called on a folder that existed before the job.
     */
    public static void delete(String folder, Configuration hadoop) {
        Path dir = new Path(folder);
        try {
            dir.getFileSystem(hadoop).delete(dir, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }

    /**
     * Reads a predictor saved by {@link #save}, from its folder or its {@value #MODEL} file, and
     * makes one prediction so that a damaged native model fails here rather than in a later job.
     *
     * @throws BadInputException naming the path when the file is missing, unreadable or corrupt
     */
    public static Predictor load(String path, Configuration hadoop) {
        Path file = new Path(path);
        Predictor predictor;
        try {
            FileSystem fs = file.getFileSystem(hadoop);
            if (fs.getFileStatus(file).isDirectory()) {
                file = new Path(file, MODEL);
            }
            try (InputStream in = fs.open(file); ObjectInputStream objects = new ObjectInputStream(in)) {
                objects.setObjectInputFilter(ONLY_PREDICTOR_CLASSES);
                Object read = objects.readObject();
                if (!(read instanceof Predictor p)) {
                    throw new BadInputException("predictor file " + file + " holds a " + read.getClass().getName()
                            + ", not a predictor");
                }
                predictor = p;
            }
        } catch (FileNotFoundException e) {
            throw new BadInputException("predictor file not found: " + file, e);
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new BadInputException("predictor file " + file + " is corrupt or from an incompatible version: " + e, e);
        }
        try {
            double check = predictor.predict(new double[predictor.featurizer().dimension()]);
            if (Double.isNaN(check)) {
                throw new IllegalStateException("prediction is NaN");
            }
        } catch (RuntimeException e) {
            throw new BadInputException("predictor file " + file + " does not predict: " + e.getMessage(), e);
        }
        return predictor;
    }
}
