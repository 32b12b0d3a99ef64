DEBUG = false

class UsersController < ApplicationController
  def direct
    # ruleid: ruby.injection.sql-taint
    @users = User.where("name = '" + params[:name] + "'")
  end

  def interpolation
    name = params[:name]
    cond = "name = '#{name}'"
    # ruleid: ruby.injection.sql-taint
    @users = User.where(cond)
  end

  def order
    col = params[:sort]
    # ruleid: ruby.injection.sql-taint
    @users = User.order("#{col} DESC")
  end

  def raw
    id = request.headers["X-User"]
    # ruleid: ruby.injection.sql-taint
    ActiveRecord::Base.connection.execute("DELETE FROM sessions WHERE user_id = " + id)
  end

  def find_by_sql
    q = cookies[:q]
    # ruleid: ruby.injection.sql-taint
    User.find_by_sql(format("SELECT * FROM users WHERE bio LIKE '%%%s%%'", q))
  end

  def hash_conditions
    # ok: ruby.injection.sql-taint
    @users = User.where(name: params[:name])
    # ok: ruby.injection.sql-taint
    @statuses = IssueStatus.where(:id => params[:status_ids])
  end

  def placeholders
    # ok: ruby.injection.sql-taint
    @users = User.where("name = ?", params[:name])
  end

  def sanitized_int
    id = params[:id].to_i
    # ok: ruby.injection.sql-taint
    @users = User.where("id = #{id}")
  end

  def quoted
    name = ActiveRecord::Base.connection.quote(params[:name])
    # ok: ruby.injection.sql-taint
    @users = User.where("name = #{name}")
  end
end

class Report
  attr_accessor :filter, :table

  def initialize
    @table = "reports"
  end

  def load(db)
    @filter = ENV["REPORT_FILTER"]
    # ok: ruby.injection.sql-taint
    db.execute("SELECT * FROM reports WHERE " + @filter)
    # ok: ruby.injection.sql-taint
    db.execute("SELECT * FROM " + @table)
  end
end

def through_object(db)
  r = Report.new
  r.filter = ARGV[0]
  # ok: ruby.injection.sql-taint
  db.exec_query("SELECT * FROM t WHERE " + r.filter)
end

def through_array(db)
  conds = []
  conds.push("a = '#{params[:a]}'")
  # ruleid: ruby.injection.sql-taint
  db.execute("SELECT * FROM t WHERE " + conds.join(" AND "))
end

def through_hash(db)
  q = { table: "users" }
  q[:where] = params[:where]
  # ruleid: ruby.injection.sql-taint
  db.execute("SELECT * FROM #{q[:table]} WHERE #{q[:where]}")
end

def dead_branch(db)
  t = "users"
  if false
    t = params[:t]
  end
  # ok: ruby.injection.sql-taint
  db.execute("SELECT * FROM " + t)
end

def dead_branch_const(db)
  t = "users"
  t = params[:t] if DEBUG
  # ok: ruby.injection.sql-taint
  db.execute("SELECT * FROM " + t)
end

def overwritten(db)
  t = params[:t]
  t = "users"
  # ok: ruby.injection.sql-taint
  db.execute("SELECT * FROM " + t)
end

def quote_ident(name)
  return "\"" + name + "\""
end

def through_helper(db)
  t = quote_ident(params[:t])
  # ruleid: ruby.injection.sql-taint
  db.execute("SELECT * FROM " + t)
end

def run_query(db, sql)
  # ok: ruby.injection.sql-taint
  db.execute(sql)
end

def calls_sink(db)
  run_query(db, "DROP TABLE " + ENV["TABLE"])
end

def build(db, cols, n)
  if n == 0
    # ruleid: ruby.injection.sql-taint
    return db.execute("SELECT #{cols} FROM t")
  end
  build(db, cols + ", x", n - 1)
end

def starts_recursion(db)
  build(db, params[:cols], 2)
end
