import javax.script.Bindings;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;

public class Calc {
    Object run(String expr) throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("js");
        // ruleid: java.injection.script-engine-eval
        Object a = engine.eval(expr);
        // ruleid: java.injection.script-engine-eval
        Object b = engine.eval("var x = " + expr + ";");
        return a;
    }

    Object safe(double x) throws Exception {
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("js");
        Bindings b = engine.createBindings();
        b.put("x", x);
        // ok: java.injection.script-engine-eval
        Object first = engine.eval("var y = 1;");
        // ok: java.injection.script-engine-eval
        return engine.eval("x * 2", b);
    }
}
