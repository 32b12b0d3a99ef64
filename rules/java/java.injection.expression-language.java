import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;

public class Sorting {
    Object sort(ExpressionParser parser, String field, Object target) {
        // ruleid: java.injection.expression-language
        Expression a = parser.parseExpression(field);
        // ruleid: java.injection.expression-language
        Expression b = new SpelExpressionParser().parseExpression("#root." + field);
        // ok: java.injection.expression-language
        Expression c = parser.parseExpression("name");
        // ok: java.injection.expression-language
        Object d = jsonParser.parse(field);
        return a.getValue(target);
    }
}
