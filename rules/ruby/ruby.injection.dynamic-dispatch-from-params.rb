class ReportsController < ApplicationController
  FORMATS = { "csv" => :to_csv, "json" => :to_json }.freeze

  def show
    # ruleid: ruby.injection.dynamic-dispatch-from-params
    @report.send(params[:format])
    # ruleid: ruby.injection.dynamic-dispatch-from-params
    klass = params[:type].constantize
    # ruleid: ruby.injection.dynamic-dispatch-from-params
    other = Object.const_get(params[:kind])
    # ok: ruby.injection.dynamic-dispatch-from-params
    @report.public_send(FORMATS.fetch(params[:format]))
    # ok: ruby.injection.dynamic-dispatch-from-params
    @report.send(:to_csv)
    [klass, other]
  end
end
