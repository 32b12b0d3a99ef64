class UsersController < ApplicationController
  def update
    # ruleid: ruby.config.mass-assignment-permit-all
    @user.update(params.require(:user).permit!)
    # ruleid: ruby.config.mass-assignment-permit-all
    Profile.create(params.permit!)
    # ok: ruby.config.mass-assignment-permit-all
    @user.update(params.require(:user).permit(:name, :email))
    # ok: ruby.config.mass-assignment-permit-all
    Profile.create(params.permit(:bio))
  end

  def update_all
    # ruleid: ruby.config.mass-assignment-permit-all
    Settings.update(params[:settings].permit!)
  end
end

class ParametersTest
  def test_permitted_is_sticky
    # ok: ruby.config.mass-assignment-permit-all
    @params.permit!
    # ok: ruby.config.mass-assignment-permit-all
    defaults = ActionController::Parameters.new(id: "1234").permit!
  end
end
