<?php

use Illuminate\Http\Request;

const DEBUG = false;

function direct()
{
    // ruleid: php.injection.command-taint
    system("ping -c 1 " . $_GET['host']);
}

function throughVariables()
{
    $host = $_POST['host'];
    $cmd = "nslookup " . $host;
    $line = $cmd;
    // ruleid: php.injection.command-taint
    exec($line, $out);
}

function interpolation()
{
    $dir = $_REQUEST['dir'];
    // ruleid: php.injection.command-taint
    $listing = shell_exec("ls -la $dir");
}

function braces()
{
    $dir = $_REQUEST['dir'];
    // ruleid: php.injection.command-taint
    $listing = shell_exec("ls -la {$dir}");
}

function sprintfBuilt()
{
    $file = $_COOKIE['file'];
    // ruleid: php.injection.command-taint
    passthru(sprintf("cat /var/log/%s", $file));
}

function laravel(Request $request)
{
    $branch = $request->input('branch');
    // ruleid: php.injection.command-taint
    exec("git checkout " . $branch);
}

function cli()
{
    global $argv;
    $target = $argv[1];
    // ok: php.injection.command-taint
    popen("tar czf /tmp/b.tgz " . $target, "r");
}

class Job
{
    public $script;
    public $name = "backup";

    public function runFromEnv()
    {
        $this->script = getenv('BACKUP_SCRIPT');
        // ok: php.injection.command-taint
        system($this->script);
        // ok: php.injection.command-taint
        system("run " . $this->name);
    }
}

function throughObject()
{
    $job = new Job();
    $job->script = $_GET['script'];
    // ruleid: php.injection.command-taint
    system($job->script);
}

function throughArray()
{
    $parts = ['ls'];
    $parts[] = $_GET['dir'];
    // ruleid: php.injection.command-taint
    system(implode(' ', $parts));
}

function throughAssoc()
{
    $opts = [];
    $opts['dir'] = $_SERVER['HTTP_X_DIR'];
    // ruleid: php.injection.command-taint
    system("ls " . $opts['dir']);
}

function throughForeach()
{
    foreach ($_POST['files'] as $f) {
        // todoruleid: php.injection.command-taint
        system("rm " . $f);
    }
}

function sanitized()
{
    $host = escapeshellarg($_GET['host']);
    // ok: php.injection.command-taint
    system("ping -c 1 " . $host);
}

function sanitizedInt()
{
    $n = intval($_GET['n']);
    // ok: php.injection.command-taint
    system("ping -c " . $n . " localhost");
}

function sanitizedCast()
{
    $n = (int) $_GET['n'];
    // ok: php.injection.command-taint
    system("ping -c " . $n . " localhost");
}

function deadBranch()
{
    $cmd = "uptime";
    if (false) {
        $cmd = $_GET['cmd'];
    }
    // ok: php.injection.command-taint
    system($cmd);
}

function overwritten()
{
    $cmd = $_GET['cmd'];
    $cmd = "uptime";
    // ok: php.injection.command-taint
    system($cmd);
}

function identity($x)
{
    return $x;
}

function throughHelper()
{
    $c = identity($_GET['cmd']);
    // ruleid: php.injection.command-taint
    system($c);
}

function runShell($command)
{
    // ruleid: php.injection.command-taint
    return shell_exec($command);
}

function callsSink()
{
    runShell("echo " . $_GET['msg']);
}

function retry($command, $n)
{
    if ($n === 0) {
        // ruleid: php.injection.command-taint
        return system($command);
    }
    return retry($command, $n - 1);
}

function startsRecursion()
{
    retry($_GET['cmd'], 3);
}

function concatAssign()
{
    $cmd = "ls ";
    $cmd .= $_GET['dir'];
    // ruleid: php.injection.command-taint
    system($cmd);
}

function arrayLiteral()
{
    $arr = [$_GET['cmd'], "uptime"];
    // ruleid: php.injection.command-taint
    system($arr[0]);
    // todook: php.injection.command-taint
    system($arr[1]);
}

function nullCoalescing()
{
    $cmd = $_GET['cmd'] ?? "uptime";
    // ruleid: php.injection.command-taint
    system($cmd);
}

function closureUse()
{
    $v = $_GET['cmd'];
    $f = function () use ($v) {
        // ruleid: php.injection.command-taint
        system($v);
    };
    $f();
}

function listDestructuring()
{
    [$first, $second] = explode(",", $_GET['cmd']);
    // todoruleid: php.injection.command-taint
    system($first);
}

function heredoc()
{
    $v = $_GET['cmd'];
    $cmd = <<<EOT
ls $v
EOT;
    // todoruleid: php.injection.command-taint
    system($cmd);
}

class Shell
{
    private function run($c)
    {
        // ruleid: php.injection.command-taint
        system($c);
    }

    public function handle()
    {
        $this->run($_GET['cmd']);
    }

    private static function id($x)
    {
        return $x;
    }

    public function handleStatic()
    {
        $y = self::id($_POST['cmd']);
        // ruleid: php.injection.command-taint
        system($y);
    }
}

function stringFunctions()
{
    $cmd = trim(strtolower($_GET['cmd']));
    // ruleid: php.injection.command-taint
    system($cmd);
}

function laravelInline(Request $request)
{
    // ruleid: php.injection.command-taint
    system($request->input('cmd'));
}
