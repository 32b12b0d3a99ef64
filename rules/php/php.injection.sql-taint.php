<?php

use Illuminate\Http\Request;
use Illuminate\Support\Facades\DB;

const DEBUG = false;

function direct(mysqli $conn)
{
    // ruleid: php.injection.sql-taint
    mysqli_query($conn, "SELECT * FROM users WHERE id = " . $_GET['id']);
}

function throughVariables(PDO $pdo)
{
    $name = $_POST['name'];
    $sql = "SELECT * FROM users WHERE name = '" . $name . "'";
    // ruleid: php.injection.sql-taint
    $stmt = $pdo->query($sql);
}

function sprintfBuilt(PDO $pdo)
{
    $order = $_GET['order'];
    // ruleid: php.injection.sql-taint
    $pdo->exec(sprintf("DELETE FROM logs ORDER BY %s LIMIT 10", $order));
}

function laravelRaw(Request $request)
{
    $col = $request->query('sort');
    // ruleid: php.injection.sql-taint
    return DB::select("SELECT * FROM items ORDER BY " . $col);
}

function laravelBuilder(Request $request)
{
    $where = $request->input('where');
    // ruleid: php.injection.sql-taint
    return DB::table('items')->whereRaw($where)->get();
}

class Repo
{
    private $pdo;
    private $table = "users";
    public $filter;

    public function find()
    {
        $this->filter = $_COOKIE['filter'];
        // ruleid: php.injection.sql-taint
        $this->pdo->query("SELECT * FROM users WHERE " . $this->filter);
        // ok: php.injection.sql-taint
        $this->pdo->query("SELECT * FROM " . $this->table);
    }
}

function throughArray(PDO $pdo)
{
    $conds = [];
    $conds[] = "name = '" . $_GET['name'] . "'";
    // ruleid: php.injection.sql-taint
    $pdo->query("SELECT * FROM users WHERE " . implode(" AND ", $conds));
}

function throughAssoc(mysqli $conn)
{
    $p = ['table' => 'users'];
    $p['limit'] = $_REQUEST['limit'];
    // ruleid: php.injection.sql-taint
    $conn->query("SELECT * FROM users LIMIT " . $p['limit']);
}

function prepared(PDO $pdo)
{
    $stmt = $pdo->prepare("SELECT * FROM users WHERE id = ?");
    // ok: php.injection.sql-taint
    $stmt->execute([$_GET['id']]);
}

function escaped(mysqli $conn)
{
    $name = mysqli_real_escape_string($conn, $_GET['name']);
    // ok: php.injection.sql-taint
    mysqli_query($conn, "SELECT * FROM users WHERE name = '" . $name . "'");
}

function intCast(PDO $pdo)
{
    $id = intval($_GET['id']);
    // ok: php.injection.sql-taint
    $pdo->query("SELECT * FROM users WHERE id = " . $id);
}

function deadBranch(PDO $pdo)
{
    $table = "users";
    if (DEBUG) {
        $table = $_GET['table'];
    }
    // todook: php.injection.sql-taint
    $pdo->query("SELECT * FROM " . $table);
}

function overwritten(PDO $pdo)
{
    $table = $_GET['table'];
    $table = "users";
    // ok: php.injection.sql-taint
    $pdo->query("SELECT * FROM " . $table);
}

function quoteIdent($name)
{
    return '`' . $name . '`';
}

function throughHelper(PDO $pdo)
{
    $t = quoteIdent($_GET['table']);
    // ruleid: php.injection.sql-taint
    $pdo->query("SELECT * FROM " . $t);
}

function runQuery($sql)
{
    global $pdo;
    // ok: php.injection.sql-taint
    return $pdo->query($sql);
}

function callsSink()
{
    runQuery("DROP TABLE " . getenv('TABLE'));
}

function build($cols, $n)
{
    global $pdo;
    if ($n === 0) {
        // ruleid: php.injection.sql-taint
        return $pdo->query("SELECT " . $cols . " FROM t");
    }
    return build($cols . ", x", $n - 1);
}

function startsRecursion()
{
    build($_SERVER['HTTP_X_COLS'], 2);
}

function deadBranchLiteral(PDO $pdo)
{
    $table = "users";
    if (false) {
        $table = $_GET['table'];
    }
    // ok: php.injection.sql-taint
    $pdo->query("SELECT * FROM " . $table);
}
