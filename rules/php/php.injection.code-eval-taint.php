<?php

use Illuminate\Http\Request;

const DEBUG = false;

function direct()
{
    // ruleid: php.injection.code-eval-taint
    eval('$result = ' . $_GET['expr'] . ';');
}

function throughVariables()
{
    $body = $_POST['code'];
    $src = "return " . $body . ";";
    // ruleid: php.injection.code-eval-taint
    $value = eval($src);
}

function dynamicCall(Request $request)
{
    $fn = $request->input('callback');
    // ruleid: php.injection.code-eval-taint
    call_user_func($fn, "arg");
}

function assertString()
{
    $check = $_COOKIE['check'];
    // ruleid: php.injection.code-eval-taint
    assert("strlen('" . $check . "') > 0");
}

function assertTyped(Request $request)
{
    $object = $request->input('printer');
    // ok: php.injection.code-eval-taint
    assert($object instanceof ResultPrinter);
    // ok: php.injection.code-eval-taint
    assert($object !== null && $object !== '');
}

class Calc
{
    public $expr;
    public $fixed = "1 + 1";
}

function throughObject()
{
    $c = new Calc();
    $c->expr = $_REQUEST['expr'];
    // ruleid: php.injection.code-eval-taint
    eval("return " . $c->expr . ";");
    // ok: php.injection.code-eval-taint
    eval("return " . $c->fixed . ";");
}

function throughArray()
{
    $lines = ['$x = 1;'];
    $lines[] = $_GET['line'];
    // ruleid: php.injection.code-eval-taint
    eval(implode("\n", $lines));
}

function intOnly()
{
    $n = intval($_GET['n']);
    // ok: php.injection.code-eval-taint
    eval('return ' . $n . ' * 2;');
}

function deadBranch()
{
    $code = "return 1;";
    if (DEBUG) {
        $code = $_GET['code'];
    }
    // todook: php.injection.code-eval-taint
    eval($code);
}

function overwritten()
{
    $code = $_GET['code'];
    $code = "return 1;";
    // ok: php.injection.code-eval-taint
    eval($code);
}

function wrap($x)
{
    return "return (" . $x . ");";
}

function throughHelper()
{
    $w = wrap($_GET['e']);
    // ruleid: php.injection.code-eval-taint
    eval($w);
}

function evaluate($code)
{
    // ruleid: php.injection.code-eval-taint
    return eval($code);
}

function callsSink()
{
    evaluate(file_get_contents('php://input'));
}

function nest($code, $n)
{
    if ($n === 0) {
        // ruleid: php.injection.code-eval-taint
        return eval("return " . $code . ";");
    }
    return nest("(" . $code . ")", $n - 1);
}

function startsRecursion()
{
    nest($_GET['e'], 3);
}

function deadBranchLiteral()
{
    $table = "users";
    if (false) {
        $table = $_GET['table'];
    }
    // ok: php.injection.code-eval-taint
    eval($table);
}
