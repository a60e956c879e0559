import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * One OpenSearch node started from the classpath, the way OpenSearch's own
 * test framework starts nodes (MockNode: Node's constructor that takes plugin
 * classes), so no distribution archive is needed: the jars come from Maven.
 *
 * Arguments are node settings, `key=value`; the system property
 * `vanban.plugins` lists the plugin classes (comma-separated). Runs until the
 * process is stopped; a SIGTERM closes the node cleanly.
 */
public class ClasspathNode extends Node {
  ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
    super(environment, plugins, true);
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Settings.Builder builder = Settings.builder();
    for (String argument : args) {
      int equals = argument.indexOf('=');
      if (equals < 1) throw new IllegalArgumentException("expected key=value, got " + argument);
      builder.put(argument.substring(0, equals), argument.substring(equals + 1));
    }
    Settings settings = builder.build();
    List<Class<? extends Plugin>> plugins = new ArrayList<>();
    for (String name : System.getProperty("vanban.plugins", "").split(",")) {
      if (!name.isBlank()) plugins.add((Class<? extends Plugin>) Class.forName(name.trim()));
    }
    Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), null, () -> settings.get("node.name"));
    Node node = new ClasspathNode(environment, plugins);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
      } catch (Exception error) {
        error.printStackTrace();
      }
      stopped.countDown();
    }));
    node.start();
    System.out.println("node started: " + settings.get("node.name"));
    // Every thread OpenSearch starts is a daemon: this one keeps the process alive.
    stopped.await();
  }
}
